using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using Ssmd.Secmaster.Internal;

namespace Ssmd.Secmaster;

/// <summary>
/// Creates and upgrades the security master's schema from the numbered scripts in <c>Migrations/</c>
/// (<c>NNNN_name.sql</c>, embedded), recording each in <c>schema_migrations</c>. Each script runs in its
/// own transaction; an advisory lock keeps two starting replicas from migrating at once.
/// </summary>
public static class SecmasterMigrator
{
    // Any constant works; it only has to differ from the other advisory locks of this database.
    private const long MigrationLockKey = 0x5353_4D44_0001;

    /// <summary>The migrations this build knows, in order.</summary>
    public static IReadOnlyList<(int Version, string Name)> Known { get; } = LoadScripts().Select(s => (s.Version, s.Name)).ToArray();

    /// <summary>Applies every migration not yet recorded; returns how many ran.</summary>
    /// <param name="dataSource">The secmaster database.</param>
    /// <param name="logger">Where applied migrations are logged.</param>
    /// <param name="cancellationToken">Stops between statements.</param>
    /// <exception cref="SecmasterSchemaException">The database holds a migration this build does not know (it is newer).</exception>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, null, $"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
        try
        {
            await Execute(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                cancellationToken);

            var applied = new HashSet<int>();
            await using (var select = new NpgsqlCommand("SELECT version FROM schema_migrations", connection))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    applied.Add(reader.GetInt32(0));
            }

            var scripts = LoadScripts();
            var newest = scripts.Count == 0 ? 0 : scripts[^1].Version;
            var unknown = applied.Where(v => v > newest).ToArray();
            if (unknown.Length > 0)
            {
                throw new SecmasterSchemaException(
                    $"the secmaster database has migration(s) {string.Join(", ", unknown)} but this build knows only up to {newest}: run a newer build");
            }

            var count = 0;
            foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await Execute(connection, transaction, script.Sql, cancellationToken);
                await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = script.Version });
                    record.Parameters.Add(new NpgsqlParameter { Value = script.Name });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                SecmasterLog.MigrationApplied(logger, script.Version, script.Name);
                count++;
            }

            return count;
        }
        finally
        {
            await Execute(connection, null, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(int Version, string Name, string Sql)> LoadScripts()
    {
        const string prefix = "Ssmd.Secmaster.Migrations.";
        var assembly = typeof(SecmasterMigrator).Assembly;
        var scripts = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            // Resource names turn a leading digit of a file name into "_": accept both spellings.
            var file = resource[prefix.Length..].TrimStart('_');
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(file[..underscore], NumberStyles.None, CultureInfo.InvariantCulture);
            var name = file[(underscore + 1)..^".sql".Length];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add((version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return scripts;
    }
}
