using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;
using NpgsqlTypes;
using Ssmd.Secmaster;
using Ssmd.Secmaster.Benchmarks;
using Ssmd.Secmaster.Internal;
using Ssmd.Testing;

// Full sync of N markets (REST pages → parse → PostgreSQL with history → JetStream events) against the
// anchor: binary COPY of the same parsed rows into an empty table of the same columns, same run, same server.
// Run: dotnet run -c Release --project bench/Ssmd.Secmaster.Benchmarks [-- 20000 100000]
var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [20_000, 100_000];
await using var postgres = new PostgresServerFixture();
await postgres.StartAsync();
await using var nats = new NatsServerFixture();
await nats.StartAsync();
await using var natsConnection = await nats.CreateConnectionAsync();
var jetStream = new NatsJSContext(natsConnection);

// Warm-up (JIT, connection pools, server caches) with a small run of everything, not reported.
await RunAsync(2_000, report: false);
Console.WriteLine($"{"markets",9} {"COPY anchor",12} {"full sync",10} {"ratio",6} {"no events",10} {"ratio",6} {"re-sync",9} {"ratio",6} {"parse only",11} {"ratio",6}");
foreach (var size in sizes)
    await RunAsync(size, report: true);

Console.WriteLine("ratio = time / COPY anchor (goal: full sync within 3x). re-sync = second sync with nothing changed.");

async Task RunAsync(int size, bool report)
{
    await using var exchange = await BenchExchange.StartAsync(size);
    using var http = new HttpClient();
    var settings = new SecmasterSyncSettings { RestUrl = exchange.RestUrl, RequestsPerSecond = 10_000, Burst = 10_000 };

    // The anchor is the fastest of three COPYs (the machine is shared: the minimum is the least disturbed).
    var anchor = TimeSpan.MaxValue;
    for (var i = 0; i < 3; i++)
    {
        var copy = await CopyAnchorAsync(postgres, exchange.MarketPages);
        anchor = copy < anchor ? copy : anchor;
    }


    // With change events (the real configuration).
    await using var withEvents = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
    await SecmasterMigrator.MigrateAsync(withEvents, NullLogger.Instance);
    var prefix = nats.NextSubjectPrefix();
    var repository = new SecmasterRepository(withEvents);
    var publisher = new SecmasterChangePublisher(jetStream, repository, NullLogger<SecmasterChangePublisher>.Instance, prefix);
    await jetStream.CreateStreamAsync(new StreamConfig(nats.NextStreamName("BENCH"), [$"{prefix}.secmaster.>"]));
    using var sync = new SecmasterSync(repository, http, settings, publisher, NullLogger<SecmasterSync>.Instance);
    var full = await sync.RunAsync();
    var again = await sync.RunAsync();

    // Without events: the database work alone.
    await using var noEvents = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
    await SecmasterMigrator.MigrateAsync(noEvents, NullLogger.Instance);
    using var quiet = new SecmasterSync(new SecmasterRepository(noEvents), http, settings, null, NullLogger<SecmasterSync>.Instance);
    var bare = await quiet.RunAsync();

    if (full.MarketsCreated != size || again.MarketsChanged + again.MarketsCreated != 0 || bare.MarketsCreated != size)
        throw new InvalidOperationException($"sync did not write {size} markets exactly once: {full} / {again} / {bare}");
    // The share of the sync spent reading JSON (it overlaps with writing in the sync itself).
    var parseClock = Stopwatch.StartNew();
    foreach (var page in exchange.MarketPages)
        _ = MarketPageParser.Parse(page, new RejectionTally());
    var parse = parseClock.Elapsed;

    if (report)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{size,9} {anchor.TotalSeconds,11:F2}s {full.Elapsed.TotalSeconds,9:F2}s {full.Elapsed / anchor,5:F2}x {bare.Elapsed.TotalSeconds,9:F2}s {bare.Elapsed / anchor,5:F2}x {again.Elapsed.TotalSeconds,8:F2}s {again.Elapsed / anchor,5:F2}x {parse.TotalSeconds,10:F2}s {parse / anchor,5:F2}x"));
}

static async Task<TimeSpan> CopyAnchorAsync(PostgresServerFixture postgres, List<byte[]> pages)
{
    // Parsing is not part of the anchor: it is the cost of writing the same rows with nothing else.
    var rows = pages.SelectMany(p => MarketPageParser.Parse(p, new RejectionTally()).Rows).ToList();
    await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
    await using (var create = dataSource.CreateCommand(
        "CREATE TABLE anchor (ticker text PRIMARY KEY, " + string.Join(", ", MarketColumns.All.Select(c => $"{c.Name} {c.SqlType}")) + ", raw jsonb NOT NULL)"))
        await create.ExecuteNonQueryAsync();

    var clock = Stopwatch.StartNew();
    await using var connection = await dataSource.OpenConnectionAsync();
    await using (var importer = await connection.BeginBinaryImportAsync(
        "COPY anchor (ticker, " + string.Join(", ", MarketColumns.All.Select(c => c.Name)) + ", raw) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(row.Ticker, NpgsqlDbType.Text);
            // The sync's own typed column writers: the anchor writes the rows as fast as the sync can.
            foreach (var column in MarketColumns.All)
                await column.Write(importer, row, CancellationToken.None);

            await importer.WriteAsync(row.RawJson, NpgsqlDbType.Jsonb);
        }

        await importer.CompleteAsync();
    }

    return clock.Elapsed;
}
