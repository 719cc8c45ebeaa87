using System.Diagnostics;
using System.Globalization;
using NATS.Client.JetStream;
using Ssmd.Environments;
using Ssmd.Gateway.Benchmarks;
using Ssmd.Streams;
using Ssmd.Testing;

// The gateway end to end: normalized trades published into the KALSHI_NORMALIZED stream as the connector
// would (stamped with their receive time at publish), the real gateway host in this process reading the
// stream, and real WebSocket clients. Anchor measured in the same window: raw NATS core publish → subscribe
// of the same payloads. Cases: latency at 5,000 trades/s with 100 clients; fan-out
// throughput with 1, 100 and 1,000 clients. How to read the figures: README.md.
// Usage: dotnet run -c Release --project bench/Ssmd.Gateway.Benchmarks -- [seconds per measured window, default 10]
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var window = TimeSpan.FromSeconds(seconds);
var warmUp = TimeSpan.FromSeconds(3);
const double InputPerSecond = 5_000;
const int LatencyClients = 100;
const int LatencyMarkets = 100;
const int SymbolsPerClient = 10;
const int FanOutMarkets = 10;
const int FullSpeedBatch = 500;
int[] fanOutClients = [1, 100, 1_000];
var ct = CancellationToken.None;

var folder = Directory.CreateTempSubdirectory("ssmd-gateway-bench-").FullName;
try
{
    await using var nats = new NatsServerFixture();
    await nats.StartAsync(ct);
    await using var publisher = await nats.CreateConnectionAsync(ct);
    await using var subscriber = await nats.CreateConnectionAsync(ct);
    var environmentPath = WriteEnvironment(folder);
    var environment = SsmdEnvironmentLoader.Load(environmentPath);
    await SsmdStreams.EnsureAsync(new NatsJSContext(publisher), environment, ct);

    List<string> tickers = [.. Enumerable.Range(0, LatencyMarkets).Select(i => string.Create(CultureInfo.InvariantCulture, $"KXBENCH-26DEC06-M{i:D3}"))];
    var feed = new BenchFeed(publisher, environment.Feed.Exchange, tickers);
    await using var gateway = await BenchGateway.StartAsync(nats.Url, environmentPath, ct);
    await feed.SeedAsync(ct);
    await gateway.WaitForMarketAsync(tickers[^1], TimeSpan.FromSeconds(60), ct);

    // 1. The anchor alone: core NATS publish → subscribe of the same trades at the same rate, nothing else running.
    var aloneLoad = LoadAverage();
    Progress($"anchor alone: NATS core publish → subscribe, {InputPerSecond:N0}/s; warm-up {warmUp.TotalSeconds:0} s, {seconds:0.#} s measured (load {aloneLoad})");
    Latency anchorAlone;
    await using (var anchorSub = await Latency.Anchor.StartAsync(subscriber, ct))
    {
        await RunPacedAsync(feed, [], anchorSub, toStream: false, InputPerSecond, warmUp, window);
        anchorAlone = anchorSub.Result();
    }

    // 1b. The JetStream hop alone: the same trades stored in the stream and read by an ordered consumer, no client.
    var hopLoad = LoadAverage();
    Progress($"JetStream hop: stream → ordered consumer, {InputPerSecond:N0}/s, no gateway client; warm-up {warmUp.TotalSeconds:0} s, {seconds:0.#} s measured (load {hopLoad})");
    Latency hop;
    await using (var hopSub = await Latency.StreamHop.StartAsync(subscriber, environment.Transport.Nats.NormalizedStream.Name, ct))
    {
        await RunPacedAsync(feed, [], hopSub, toStream: true, InputPerSecond, warmUp, window);
        hop = hopSub.Result();
    }

    // 2. Latency: 100 clients, each on 10 of the 100 markets; the anchor, core NATS publish → subscribe of
    // the same payloads, in the same window.
    var latencyLoad = LoadAverage();
    Progress($"latency: {LatencyClients} clients x {SymbolsPerClient} of {LatencyMarkets} markets, {InputPerSecond:N0} trades/s, and the anchor; warm-up {warmUp.TotalSeconds:0} s, {seconds:0.#} s measured (load {latencyLoad})");
    var random = new Random(7);
    var subscriptions = Enumerable.Range(0, LatencyClients).Select(_ => random.GetItems(Enumerable.Range(0, LatencyMarkets).ToArray(), SymbolsPerClient).Distinct().ToArray()).ToList();
    var clients = await ConnectAsync(gateway, subscriptions.Select(s => s.Select(i => tickers[i])).ToList());
    var before = feed.PerTicker();
    Latency anchor;
    await using (var anchorSub = await Latency.Anchor.StartAsync(subscriber, ct))
    {
        await RunPacedAsync(feed, clients, anchorSub, toStream: true, InputPerSecond, warmUp, window);
        anchor = anchorSub.Result();
    }

    var after = feed.PerTicker();
    long expected = 0, received = clients.Sum(c => c.Trades), gaps = clients.Sum(c => c.Gaps);
    for (var c = 0; c < clients.Count; c++)
        expected += subscriptions[c].Sum(i => after[i] - before[i]);
    var latency = Latency.Of(clients.SelectMany(c => c.Latencies));
    var deliveredPerSecond = latency.Count / seconds;
    await DisposeAllAsync(clients);

    // 3. Fan-out throughput: n clients, each on the same 10 markets, trades as fast as nats-server takes them.
    var fanOutFeed = new BenchFeed(publisher, environment.Feed.Exchange, tickers[..FanOutMarkets]);
    var fanOut = new List<FanOut>();
    foreach (var n in fanOutClients)
    {
        var load = LoadAverage();
        Progress($"fan-out: {n:N0} clients x {FanOutMarkets} markets, input at full speed (load {load})");
        var group = await ConnectAsync(gateway, Enumerable.Range(0, n).Select(_ => tickers[..FanOutMarkets].AsEnumerable()).ToList());
        using var stop = new CancellationTokenSource();
        var publishing = Task.Run(() => fanOutFeed.FullSpeedAsync(FullSpeedBatch, stop.Token), CancellationToken.None);
        await Task.Delay(warmUp, ct);
        var (events0, published0, gaps0, at0) = (group.Sum(c => c.Events), fanOutFeed.Published, group.Sum(c => c.Gaps), Stopwatch.GetTimestamp());
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(window, ct);
        var (events1, published1, gaps1, elapsed) = (group.Sum(c => c.Events), fanOutFeed.Published, group.Sum(c => c.Gaps), Stopwatch.GetElapsedTime(at0).TotalSeconds);
        var cores = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / elapsed;
        await stop.CancelAsync();
        await publishing;
        fanOut.Add(new FanOut(n, (events1 - events0) / elapsed, (published1 - published0) / elapsed, gaps1 - gaps0, cores, load));
        await DisposeAllAsync(group);
    }

    return Report(anchorAlone, aloneLoad, hop, hopLoad, anchor, latency, latencyLoad, deliveredPerSecond, expected, received, gaps, fanOut) ? 0 : 1;
}
finally
{
    Directory.Delete(folder, recursive: true);
}

bool Report(Latency anchorAlone, string aloneLoad, Latency hop, string hopLoad, Latency anchor, Latency latency, string latencyLoad, double deliveredPerSecond, long expected, long received, long gaps, List<FanOut> fanOut)
{
    var inv = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(inv,
        $"Gateway bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores (load average at the end {LoadAverage()}), {seconds:0.#} s windows, gateway and clients in one process"));
    Console.WriteLine();
    Console.WriteLine($"{"latency, connector receive → client receive",-58} {"samples",9} {"p50 ms",8} {"p99 ms",8} {"p99.9 ms",9} {"max ms",8}  load");
    Row($"anchor alone: NATS core publish → subscribe, {InputPerSecond:N0}/s", anchorAlone, aloneLoad);
    Row($"JetStream hop: stream → ordered consumer, no client", hop, hopLoad);
    Row("anchor beside the gateway (same trades, same window)", anchor, latencyLoad);
    Row($"gateway: {LatencyClients} clients x {SymbolsPerClient} markets, {InputPerSecond:N0} trades/s", latency, latencyLoad);
    Console.WriteLine(string.Create(inv,
        $"gateway − anchor alone: p50 {latency.P50 - anchorAlone.P50:+0.000;-0.000} ms, p99 {latency.P99 - anchorAlone.P99:+0.000;-0.000} ms, p99.9 {latency.P999 - anchorAlone.P999:+0.000;-0.000} ms; − anchor beside it: p50 {latency.P50 - anchor.P50:+0.000;-0.000} ms, p99 {latency.P99 - anchor.P99:+0.000;-0.000} ms, p99.9 {latency.P999 - anchor.P999:+0.000;-0.000} ms"));
    Console.WriteLine(string.Create(inv,
        $"gateway − JetStream hop (its own work: book, fan-out, JSON, WebSocket): p50 {latency.P50 - hop.P50:+0.000;-0.000} ms, p99 {latency.P99 - hop.P99:+0.000;-0.000} ms; JetStream hop − anchor alone: p50 {hop.P50 - anchorAlone.P50:+0.000;-0.000} ms, p99 {hop.P99 - anchorAlone.P99:+0.000;-0.000} ms"));
    Console.WriteLine(string.Create(inv, $"gateway: {deliveredPerSecond:N0} trades/s delivered; every client's trades: {received:N0} of {expected:N0} expected, {gaps} gap events"));
    Console.WriteLine();
    Console.WriteLine($"{"fan-out throughput (10 markets each)",-40} {"events/s out",13} {"trades/s in",12} {"gaps",7} {"process cores",14}  load");
    foreach (var f in fanOut)
    {
        Console.WriteLine(string.Create(inv,
            $"{$"{f.Clients:N0} clients",-40} {f.DeliveredPerSecond,13:N0} {f.InputPerSecond,12:N0} {f.Gaps,7:N0} {f.Cores,14:0.00}  {f.Load}"));
    }

    Console.WriteLine();
    var goals = new (string Goal, string Measured, bool Met)[]
    {
        ($"p99 within 1 ms of the anchor alone, {LatencyClients} clients", string.Create(inv, $"{latency.P99:0.000} − {anchorAlone.P99:0.000} = {latency.P99 - anchorAlone.P99:+0.000;-0.000} ms"), latency.P99 - anchorAlone.P99 <= 1),
        ("every trade delivered, no gap", string.Create(inv, $"{received:N0} / {expected:N0}, {gaps} gaps"), received == expected && gaps == 0),
    };
    Console.WriteLine($"{"goal",-52} {"measured",-36} met");
    foreach (var (goal, measured, met) in goals)
        Console.WriteLine($"{goal,-52} {measured,-36} {(met ? "yes" : "NO")}");
    return goals.All(g => g.Met);

    void Row(string name, Latency l, string load) =>
        Console.WriteLine(string.Create(inv, $"{name,-58} {l.Count,9:N0} {l.P50,8:0.000} {l.P99,8:0.000} {l.P999,9:0.000} {l.Max,8:0.000}  {load}"));
}

async Task<List<BenchClient>> ConnectAsync(BenchGateway gateway, List<IEnumerable<string>> symbols)
{
    var clients = new BenchClient[symbols.Count];
    // 50 at a time: the accept queue of a loaded 2-core machine stays short.
    await Parallel.ForEachAsync(Enumerable.Range(0, symbols.Count), new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (i, token) =>
        clients[i] = await BenchClient.ConnectAsync(gateway.StreamUri, BenchGateway.ApiKey, symbols[i], token));
    await Task.Delay(1_000); // the snapshots on subscribe arrive and are left behind
    return [.. clients];
}

static async Task RunPacedAsync(BenchFeed feed, List<BenchClient> clients, Latency.IProbe anchor, bool toStream, double perSecond, TimeSpan warmUp, TimeSpan window)
{
    using var stop = new CancellationTokenSource();
    var publishing = Task.Run(() => feed.PacedAsync(perSecond, Latency.Anchor.Subject, toStream, stop.Token), CancellationToken.None);
    await Task.Delay(warmUp);
    clients.ForEach(c => c.Recording = true);
    anchor.Recording = true;
    await Task.Delay(window);
    anchor.Recording = false;
    clients.ForEach(c => c.Recording = false);
    await stop.CancelAsync();
    await publishing;
    await Task.Delay(2_000); // the last trades reach the clients, for the completeness count
}

static async Task DisposeAllAsync(List<BenchClient> clients) =>
    await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));

static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

// As the connector tests write it (ConnectorHost.WriteEnvironment), with memory-light limits.
static string WriteEnvironment(string folder)
{
    var path = Path.Combine(folder, "bench.yaml");
    File.WriteAllText(path, """
        apiVersion: ssmd/v1
        kind: Environment
        name: bench
        feed:
          exchange: kalshi
          source: simulator
          channels: [orderbook_delta, ticker, trade, market_lifecycle_v2]
          marketsPerSubscription: 200
        schedule:
          timezone: UTC
          teardown: "00:00"
          startup: "00:10"
        symbols:
          include:
            - categories: [Economics, Financials, Crypto, Commodities, Sports, Politics, Climate and Weather]
        transport:
          nats:
            rawStream: { name: KALSHI_RAW, maxAge: 48h, duplicateWindow: 2m, maxBytes: 8GiB }
            normalizedStream: { name: KALSHI_NORMALIZED, maxAge: 48h, duplicateWindow: 2m, maxBytes: 8GiB }
        storage:
          raw: { bucket: ssmd-raw, prefix: kalshi }
          normalized: { bucket: ssmd-normalized, prefix: kalshi/v1 }
        """);
    return path;
}

/// <summary>One fan-out case.</summary>
internal sealed record FanOut(int Clients, double DeliveredPerSecond, double InputPerSecond, long Gaps, double Cores, string Load);
