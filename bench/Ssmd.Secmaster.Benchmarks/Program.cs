using System.Diagnostics;
using System.Globalization;
using System.Runtime;
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
// anchor: binary COPY of the same parsed rows into an empty table shaped like markets (columns, defaults, primary key
// and secondary indexes), same run, same server.
// Run: dotnet run -c Release --project bench/Ssmd.Secmaster.Benchmarks [-- 20000 100000]
var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [20_000, 100_000];
await using var postgres = new PostgresServerFixture();
await postgres.StartAsync();
await using var nats = new NatsServerFixture();
await nats.StartAsync();
await using var natsConnection = await nats.CreateConnectionAsync();
var jetStream = new NatsJSContext(natsConnection);

// Warm-up (JIT, connection pools, server caches), not reported: two rounds of the first size. The JIT moves
// a method up a tier only after 30 calls, and compiles on a background thread that takes a core from the
// sync; a page-level method runs once per 1,000 markets. The first two full syncs of 20,000 in a process
// compile 0.4–1.4 s, later ones 0.1–0.3 s (the jit column). One 2,000-market round, the warm-up before
// 2026-12-07 (late), left most of that compiling in the first measured rounds.
for (var round = 0; round < 2; round++)
    await RunAsync(sizes[0], report: false);

Console.WriteLine($"{"markets",9} {"COPY anchor",12} {"pk-only",8} {"full sync",10} {"ratio",6} {"/pk",6} {"no events",10} {"ratio",6} {"re-sync",9} {"ratio",6} {"parse only",11} {"ratio",6} {"B/market",9} {"cpu bench",10} {"cpu nats",9} {"jit",6} {"load",6}");
foreach (var size in sizes)
    await RunAsync(size, report: true);

Console.WriteLine("ratio = time / COPY anchor (COPY into an empty table shaped like markets, its indexes included; goal: full sync within 3x). pk-only = COPY into a table with only a primary key, /pk = full sync / pk-only.");
Console.WriteLine(" re-sync = second sync with nothing changed. Fastest of 3 rounds; load = 1-minute load average.");
Console.WriteLine(" B/market = bytes allocated by this process per market during the full sync; cpu bench / cpu nats = CPU seconds this process (sync, publisher and the in-process exchange) and nats-server used during it (least of the rounds).");
Console.WriteLine(" jit = time the JIT spent compiling during the full sync (most of the rounds); a warm 20,000 sync still compiles 0.1–0.3 s.");

async Task RunAsync(int size, bool report)
{
    await using var exchange = await BenchExchange.StartAsync(size);
    using var http = new HttpClient();
    var settings = new SecmasterSyncSettings { RestUrl = exchange.RestUrl, RequestsPerSecond = 10_000, Burst = 10_000 };

    // Every figure is the fastest of three rounds, and each round runs the anchor and the syncs back to
    // back: the machine is shared, so the minimum is the least disturbed run and the anchor sees the
    // same conditions as the syncs it is compared with.
    TimeSpan anchor = TimeSpan.MaxValue, keyOnly = TimeSpan.MaxValue, full = TimeSpan.MaxValue, again = TimeSpan.MaxValue, bare = TimeSpan.MaxValue, parse = TimeSpan.MaxValue;
    TimeSpan benchCpu = TimeSpan.MaxValue, natsCpu = TimeSpan.MaxValue, jit = TimeSpan.Zero;
    var allocated = long.MaxValue;
    for (var round = 0; round < (report ? 3 : 1); round++)
    {
        anchor = Min(anchor, await CopyAnchorAsync(postgres, exchange.MarketPages, sameShape: true));
        keyOnly = Min(keyOnly, await CopyAnchorAsync(postgres, exchange.MarketPages, sameShape: false));
        var (first, second, cost) = await SyncWithEventsAsync(size, http, settings);
        full = Min(full, first);
        again = Min(again, second);
        benchCpu = Min(benchCpu, cost.BenchCpu);
        natsCpu = Min(natsCpu, cost.NatsCpu);
        jit = jit > cost.Jit ? jit : cost.Jit;
        allocated = Math.Min(allocated, cost.Allocated);
        bare = Min(bare, await SyncWithoutEventsAsync(size, http, settings));

        // The share of the sync spent reading JSON (it overlaps with writing in the sync itself).
        var parseClock = Stopwatch.StartNew();
        foreach (var page in exchange.MarketPages)
            _ = MarketPageParser.Parse(page, new RejectionTally());
        parse = Min(parse, parseClock.Elapsed);
    }

    if (report)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{size,9} {anchor.TotalSeconds,11:F2}s {keyOnly.TotalSeconds,7:F2}s {full.TotalSeconds,9:F2}s {full / anchor,5:F2}x {full / keyOnly,5:F2}x {bare.TotalSeconds,9:F2}s {bare / anchor,5:F2}x {again.TotalSeconds,8:F2}s {again / anchor,5:F2}x {parse.TotalSeconds,10:F2}s {parse / anchor,5:F2}x {allocated / size,9:N0} {benchCpu.TotalSeconds,9:F2}s {natsCpu.TotalSeconds,8:F2}s {jit.TotalSeconds,5:F2}s {LoadAverage(),6}"));
}

// With change events (the real configuration): a full sync into an empty database, then a second with nothing changed.
async Task<(TimeSpan Full, TimeSpan Again, (long Allocated, TimeSpan BenchCpu, TimeSpan NatsCpu, TimeSpan Jit) Cost)> SyncWithEventsAsync(int size, HttpClient http, SecmasterSyncSettings settings)
{
    await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
    await SecmasterMigrator.MigrateAsync(dataSource, NullLogger.Instance);
    var prefix = nats.NextSubjectPrefix();
    var repository = new SecmasterRepository(dataSource);
    var publisher = new SecmasterChangePublisher(jetStream, repository, NullLogger<SecmasterChangePublisher>.Instance, prefix);
    await jetStream.CreateStreamAsync(new StreamConfig(nats.NextStreamName("BENCH"), [$"{prefix}.secmaster.>"]));
    using var sync = new SecmasterSync(repository, http, settings, publisher, NullLogger<SecmasterSync>.Instance);
    // What the full sync costs besides time: this process's allocations and CPU (the sync, its publisher
    // and the in-process exchange serving the pages) and nats-server's CPU (storing and acknowledging events).
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var cpuBefore = Environment.CpuUsage.TotalTime;
    var natsBefore = Process.GetProcessById(nats.ProcessId).TotalProcessorTime;
    var jitBefore = JitInfo.GetCompilationTime();
    var full = await sync.RunAsync();
    var cost = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore, Environment.CpuUsage.TotalTime - cpuBefore,
        Process.GetProcessById(nats.ProcessId).TotalProcessorTime - natsBefore, JitInfo.GetCompilationTime() - jitBefore);
    var again = await sync.RunAsync();
    if (full.MarketsCreated != size || full.EventsPublished != size || again.MarketsChanged + again.MarketsCreated + again.EventsPublished != 0)
        throw new InvalidOperationException($"sync did not write and publish {size} markets exactly once: {full} / {again}");
    return (full.Elapsed, again.Elapsed, cost);
}

// Without events: the database work alone.
async Task<TimeSpan> SyncWithoutEventsAsync(int size, HttpClient http, SecmasterSyncSettings settings)
{
    await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
    await SecmasterMigrator.MigrateAsync(dataSource, NullLogger.Instance);
    using var quiet = new SecmasterSync(new SecmasterRepository(dataSource), http, settings, null, NullLogger<SecmasterSync>.Instance);
    var bare = await quiet.RunAsync();
    if (bare.MarketsCreated != size)
        throw new InvalidOperationException($"sync did not write {size} markets exactly once: {bare}");
    return bare.Elapsed;
}

static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

// The 1-minute load average when the row was measured: figures from a busy machine are only comparable with their load.
static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

static async Task<TimeSpan> CopyAnchorAsync(PostgresServerFixture postgres, List<byte[]> pages, bool sameShape)
{
    // Parsing is not part of the anchor: it is the cost of writing the same rows with nothing else.
    var rows = pages.SelectMany(p => MarketPageParser.Parse(p, new RejectionTally()).Rows).ToList();
    await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
    await SecmasterMigrator.MigrateAsync(dataSource, NullLogger.Instance);
    // The fair anchor is an empty table of the shape the sync fills: markets' columns, defaults, primary
    // key and its four secondary indexes (LIKE … INCLUDING ALL), and the same columns written per row as
    // the sync's COPY of new markets. The primary-key-only table (the anchor before 2026-12-06) is kept
    // as a second figure, so ratios stay comparable with the earlier runs.
    var create = sameShape
        ? "CREATE TABLE anchor (LIKE markets INCLUDING ALL)"
        : "CREATE TABLE anchor (ticker text PRIMARY KEY, " + string.Join(", ", MarketColumns.All.Select(c => $"{c.Name} {c.SqlType}")) + ", raw jsonb NOT NULL)";
    await using (var command = dataSource.CreateCommand(create))
        await command.ExecuteNonQueryAsync();

    var now = DateTimeOffset.UtcNow;
    var clock = Stopwatch.StartNew();
    await using var connection = await dataSource.OpenConnectionAsync();
    await using (var importer = await connection.BeginBinaryImportAsync(
        "COPY anchor (ticker, " + string.Join(", ", MarketColumns.All.Select(c => c.Name)) + (sameShape ? ", raw, sync_hash, first_seen_at, updated_at" : ", raw") + ") FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(row.Ticker, NpgsqlDbType.Text);
            // The sync's own typed column writers: the anchor writes the rows as fast as the sync can.
            foreach (var column in MarketColumns.All)
                await column.Write(importer, row, CancellationToken.None);

            await importer.WriteAsync(row.RawUtf8, NpgsqlDbType.Jsonb);
            if (sameShape)
            {
                await importer.WriteAsync(row.SyncHash, NpgsqlDbType.Bigint);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
        }

        await importer.CompleteAsync();
    }

    return clock.Elapsed;
}
