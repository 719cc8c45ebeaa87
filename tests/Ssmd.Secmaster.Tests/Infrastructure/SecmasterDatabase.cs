using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Ssmd.Testing;

namespace Ssmd.Secmaster.Tests.Infrastructure;

/// <summary>A fresh, migrated secmaster database on the shared PostgreSQL server.</summary>
internal sealed class SecmasterDatabase : IAsyncDisposable
{
    private SecmasterDatabase(NpgsqlDataSource dataSource) => DataSource = dataSource;

    public NpgsqlDataSource DataSource { get; }

    public SecmasterRepository Repository => new(DataSource);

    public static async Task<SecmasterDatabase> CreateAsync(PostgresServerFixture postgres, CancellationToken cancellationToken)
    {
        var connectionString = await postgres.CreateDatabaseAsync(cancellationToken);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await SecmasterMigrator.MigrateAsync(dataSource, NullLogger.Instance, cancellationToken);
        return new SecmasterDatabase(dataSource);
    }

    public async Task<long> CountAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
