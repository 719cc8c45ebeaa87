using Npgsql;

namespace Ssmd.Secmaster;

/// <summary>
/// The security master's tables: the sync's page writes, lifecycle updates and the queries the CLI and
/// gateway use. Writers serialize on one advisory lock so the sync and the lifecycle stream never
/// compute history from a value the other is changing.
/// </summary>
/// <param name="dataSource">The secmaster database (migrated with <see cref="SecmasterMigrator"/>).</param>
public sealed partial class SecmasterRepository(NpgsqlDataSource dataSource)
{
    // Held for the length of a write transaction by every writer of markets.
    private const long WriteLockKey = 0x5353_4D44_0002;

    /// <summary>The database.</summary>
    public NpgsqlDataSource DataSource { get; } = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    // History values are PostgreSQL's text rendering: in UTC whatever the server's zone.
    private const string UtcSql = "SET LOCAL TimeZone = 'UTC'";
    private static readonly string LockSql = $"SELECT pg_advisory_xact_lock({WriteLockKey})";

    /// <summary>
    /// Now, to the microsecond PostgreSQL keeps: a change's time in its live event is then the one an event
    /// sent again rebuilds from <c>market_history</c>, and the two bodies are the same bytes.
    /// </summary>
    private static DateTimeOffset StoredNow()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
    }

    private static async Task<List<SecmasterChange>> ReadChangesAsync(NpgsqlDataReader reader, string source, DateTimeOffset changedAt, List<SecmasterChange> into, CancellationToken cancellationToken)
    {
        // Rows come ordered by history id, so one market's fields are adjacent.
        string? ticker = null;
        var version = 0;
        List<SecmasterFieldChange>? fields = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var rowTicker = reader.GetString(0);
            var rowVersion = reader.GetInt32(1);
            if (rowTicker != ticker || rowVersion != version)
            {
                if (fields is not null)
                    into.Add(new SecmasterChange(ticker!, version, source, changedAt, fields));
                ticker = rowTicker;
                version = rowVersion;
                fields = [];
            }

            fields!.Add(new SecmasterFieldChange(reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        if (fields is not null)
            into.Add(new SecmasterChange(ticker!, version, source, changedAt, fields));
        return into;
    }
}
