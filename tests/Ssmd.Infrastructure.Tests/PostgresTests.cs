using Npgsql;
using Ssmd.Infrastructure.Tests.Internal;
using Ssmd.Testing;

namespace Ssmd.Infrastructure.Tests;

public sealed class PostgresTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task A_committed_transaction_is_visible_from_a_second_connection_and_invisible_before_commit()
    {
        using var timeout = TestTimeout.Start();
        var ct = timeout.Token;
        var connectionString = await postgres.CreateDatabaseAsync(ct);
        await using var writer = new NpgsqlConnection(connectionString);
        await using var reader = new NpgsqlConnection(connectionString);
        await writer.OpenAsync(ct);
        await reader.OpenAsync(ct);
        await ExecuteAsync(writer, "CREATE TABLE markets (ticker text PRIMARY KEY, title text NOT NULL)", ct);

        await using var transaction = await writer.BeginTransactionAsync(ct);
        await ExecuteAsync(writer, "INSERT INTO markets VALUES ('KXBTC-A', 'Bitcoin above A'), ('KXBTC-B', 'Bitcoin above B')", ct);
        var beforeCommit = await TickersAsync(reader, ct);
        await transaction.CommitAsync(ct);
        var afterCommit = await TickersAsync(reader, ct);

        Assert.Empty(beforeCommit);
        Assert.Equal(["KXBTC-A", "KXBTC-B"], afterCommit);
    }

    [Fact]
    public async Task Each_created_database_is_new_and_empty()
    {
        using var timeout = TestTimeout.Start();
        var ct = timeout.Token;

        var first = await postgres.CreateDatabaseAsync(ct);
        var second = await postgres.CreateDatabaseAsync(ct);

        var firstName = new NpgsqlConnectionStringBuilder(first).Database;
        var secondName = new NpgsqlConnectionStringBuilder(second).Database;
        Assert.NotEqual(firstName, secondName);
        await using var connection = new NpgsqlConnection(second);
        await connection.OpenAsync(ct);
        await using var tables = new NpgsqlCommand(
            "SELECT current_database(), (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')", connection);
        await using var row = await tables.ExecuteReaderAsync(ct);
        Assert.True(await row.ReadAsync(ct));
        Assert.Equal(secondName, row.GetString(0));
        Assert.Equal(0, row.GetInt64(1));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<string>> TickersAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT ticker FROM markets ORDER BY ticker", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var tickers = new List<string>();
        while (await reader.ReadAsync(ct))
            tickers.Add(reader.GetString(0));
        return tickers;
    }
}
