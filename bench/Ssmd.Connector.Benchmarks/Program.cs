using System.Diagnostics;
using System.Globalization;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Connector.Benchmarks;
using Ssmd.Testing;

// The connector end to end: the simulator at full speed (1,000 markets, every channel) over a real
// WebSocket to the connector (its own process) to acked JetStream publishes on a real nats-server,
// counted in the raw stream. Anchors measured in the same run on the same machine: Utf8JsonReader over
// the same frames (parse floor) and raw async JetStream publishing of the same payloads (broker floor).
// Then the memory case: 10,000 markets subscribed at a moderate load, resident memory after 20 s.
// Usage: dotnet run -c Release --project bench/Ssmd.Connector.Benchmarks -- [seconds per measured window, default 15]
//        dotnet run -c Release --project bench/Ssmd.Connector.Benchmarks -- tape [capture folder] [--no-archiver]   (a real tape end to end, issue 11)
//        dotnet run -c Release --project bench/Ssmd.Connector.Benchmarks -- memory [simulator markets]   (the memory case alone, with where the memory is)
if (args is ["tape", ..])
{
    var rest = args.Skip(1).Where(a => a != "--no-archiver").ToList();
    return await TapeBench.RunAsync(rest.Count > 0 ? rest[0] : null, archive: !args.Contains("--no-archiver"));
}

if (args is ["memory", ..])
    return await MemoryOnlyAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 11_500);
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 15;
var window = TimeSpan.FromSeconds(seconds);
const int ThroughputMarkets = 1_000;
// About 88% of the simulator's markets are live (unopened, open, paused) and subscribed: 11,500 gives
// just over 10,000 subscribed (the count is printed).
const int MemoryMarkets = 11_500;
const int MarketsPerSubscription = 200;
const double MemoryCaseEventsPerSecond = 2_000;
const int SampleFrames = 50_000;
const int InFlight = 4_096; // ConnectorOptions.MaxPublishesInFlight's default

var connectorDll = ConnectorProcess.Locate();
var folder = Directory.CreateTempSubdirectory("ssmd-connector-bench-").FullName;
ConnectorProcess? running = null;
// A Ctrl+C must not leave a connector behind (the fixture stops its own nats-server).
Console.CancelKeyPress += (_, _) => { if (running is not null) running.DisposeAsync().AsTask().Wait(); };
try
{
    await using var nats = new NatsServerFixture();
    await nats.StartAsync();
    await using var natsConnection = await nats.CreateConnectionAsync();
    var jetStream = new NatsJSContext(natsConnection);

    // 1. Full speed.
    Throughput full;
    List<byte[]> frames;
    await using (var sim = await BenchSimulator.StartAsync(ThroughputMarkets))
    {
        var environment = WriteEnvironment(folder, "throughput", MarketsPerSubscription);
        await using var connector = running = ConnectorProcess.Start(connectorDll, nats.Url, sim, environment, Path.Combine(folder, "connector-throughput.log"));
        var markets = await connector.WaitReadyAsync(TimeSpan.FromSeconds(90));
        Progress($"full speed: connector pid {connector.Id}, {markets:N0} markets subscribed; warm-up 5 s, then {seconds:0.#} s measured");
        await sim.SetLoadAsync(paused: false, eventsPerSecond: 0);
        await Task.Delay(TimeSpan.FromSeconds(5)); // warm-up: tiered JIT, pools, the streams' first blocks
        var start = await SampleAsync(jetStream, connector, nats.ProcessId, sim);
        var peakRss = await WatchRssAsync(connector.Id, window);
        var end = await SampleAsync(jetStream, connector, nats.ProcessId, sim);
        await sim.SetLoadAsync(paused: true);
        await connector.WaitDrainedAsync(TimeSpan.FromSeconds(60));
        full = new Throughput(markets, start, end, peakRss);
        frames = await ReadFramesAsync(jetStream, RawStream, start.RawLastSeq + 1, SampleFrames);
        running = null;
    }

    // The memory case's connector creates the same streams (same subjects) afresh.
    await jetStream.DeleteStreamAsync(RawStream);
    await jetStream.DeleteStreamAsync(NormalizedStream);

    // 2. Anchors, with nothing else running in this process.
    Progress("anchors: parse floor, then broker floor");
    var parse = Floors.Parse(frames, TimeSpan.FromSeconds(Math.Min(seconds, 5)));
    var floorStream = new StreamConfig("BENCH_FLOOR", ["floor.>"])
    {
        Storage = StreamConfigStorage.File,
        Retention = StreamConfigRetention.Limits,
        Discard = StreamConfigDiscard.Old,
        MaxAge = TimeSpan.FromHours(48),
        MaxBytes = StreamMaxBytes,
        DuplicateWindow = TimeSpan.FromMinutes(2),
    };
    var broker = await Floors.PublishAsync(jetStream, floorStream, frames, InFlight, window, nats.ProcessId);

    // 3. Memory with 10,000 markets subscribed.
    var (memory, idleCores) = await MemoryCaseAsync(connectorDll, nats.Url, jetStream, nats.ProcessId, folder, c => running = c);
    running = null;

    return Report(full, memory, idleCores, parse, broker, frames) ? 0 : 1;
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static bool Report(Throughput full, Throughput memory, double idleCores, Rate parse, Rate broker, List<byte[]> frames)
{
    var inv = CultureInfo.InvariantCulture;
    var average = frames.Average(f => f.Length);
    Console.WriteLine(string.Create(inv,
        $"Connector bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores (load average {LoadAverage()}), {full.Seconds:0.#} s window, {frames.Count:N0} frames sampled (average {average:0} bytes)"));
    Console.WriteLine();
    Console.WriteLine($"{"case",-46} {"frames/s",10} {"CPU µs/frame",13} {"x parse floor",14} {"/ broker floor",15}");
    Row("anchor: Utf8JsonReader, every token (1 thread)", parse.PerSecond, parse.CpuMicrosecondsEach, 1, null);
    Row("anchor: JetStream PublishAsync, 4,096 in flight", broker.PerSecond, null, null, 1);
    Row($"connector, {full.Markets:N0} markets, simulator full speed", full.StoredPerSecond, full.ConnectorCpuMicrosecondsEach,
        full.ConnectorCpuMicrosecondsEach / parse.CpuMicrosecondsEach, full.StoredPerSecond / broker.PerSecond);
    Row($"connector, {memory.Markets:N0} markets, {MemoryCaseEventsPerSecond:N0} events/s", memory.StoredPerSecond, memory.ConnectorCpuMicrosecondsEach,
        memory.ConnectorCpuMicrosecondsEach / parse.CpuMicrosecondsEach, null);
    Console.WriteLine();

    Console.WriteLine(string.Create(inv,
        $"Full speed: simulator sent {full.SentPerSecond:N0}/s, connector received {full.ReceivedPerSecond:N0}/s, stored {full.StoredPerSecond:N0}/s raw + {full.NormalizedPerSecond:N0}/s normalized, dropped {full.Dropped:N0} (buffer full), buffered at end {full.End.BufferDepth:N0}"));
    Console.WriteLine(string.Create(inv,
        $"Connector CPU per received frame (stored or dropped): {full.ConnectorCpuMicrosecondsPerReceived:0.00} µs. CPU in the window, in cores: connector {full.Cores(s => s.ConnectorCpu):0.00}, nats-server {full.Cores(s => s.NatsCpu):0.00}, simulator + bench {full.Cores(s => s.BenchCpu):0.00} (of {Environment.ProcessorCount})"));
    Console.WriteLine(string.Create(inv,
        $"nats-server CPU per stored raw frame: connector {full.NatsCpuMicrosecondsEach:0.0} µs (raw + normalized publishes with ids and headers), broker floor {broker.ServerCpuMicrosecondsEach:0.0} µs; floor client CPU {broker.CpuMicrosecondsEach:0.0} µs/publish"));
    Console.WriteLine(string.Create(inv,
        $"Connector resident memory: {full.Markets:N0} markets at full speed {Mb(full.End.Rss)} (peak {Mb(full.PeakRss)}); {memory.Markets:N0} markets after 20 s {Mb(memory.End.Rss)} (peak {Mb(memory.PeakRss)}), {memory.StoredPerSecond:N0} frames/s stored, dropped {memory.Dropped:N0}; idle (paused) connector CPU {idleCores:0.00} cores, above idle {(memory.Cores(s => s.ConnectorCpu) - idleCores) * 1e6 / memory.StoredPerSecond:0.0} µs/frame"));
    Console.WriteLine();

    var goals = new (string Goal, string Measured, bool Met)[]
    {
        ("frames/s >= 100,000", $"{full.StoredPerSecond:N0}", full.StoredPerSecond >= 100_000),
        ("frames/s >= 1/2 broker floor", string.Create(inv, $"{full.StoredPerSecond / broker.PerSecond:P0} of {broker.PerSecond:N0}"), full.StoredPerSecond >= broker.PerSecond / 2),
        ("connector CPU/frame <= 3x parse floor", string.Create(inv, $"{full.ConnectorCpuMicrosecondsEach:0.00} µs = {full.ConnectorCpuMicrosecondsEach / parse.CpuMicrosecondsEach:0.0}x {parse.CpuMicrosecondsEach:0.000} µs"),
            full.ConnectorCpuMicrosecondsEach <= 3 * parse.CpuMicrosecondsEach),
        ($"RSS < 200 MB, {memory.Markets:N0} markets subscribed", Mb(memory.End.Rss), memory.End.Rss < 200L * 1024 * 1024),
    };
    Console.WriteLine($"{"goal",-40} {"measured",-36} met");
    foreach (var (goal, measured, met) in goals)
        Console.WriteLine($"{goal,-40} {measured,-36} {(met ? "yes" : "NO")}");
    return goals.All(g => g.Met);

    void Row(string name, double rate, double? cpu, double? xParse, double? ofBroker) =>
        Console.WriteLine(string.Create(inv,
            $"{name,-46} {rate,10:N0} {(cpu is { } c ? c.ToString("0.000", inv) : "-"),13} {(xParse is { } x ? x.ToString("0.0", inv) + "x" : "-"),14} {(ofBroker is { } b ? b.ToString("P0", inv) : "-"),15}"));

    static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0} MB");

    static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}

static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

static async Task<Sample> SampleAsync(INatsJSContext jetStream, ConnectorProcess connector, int natsPid, BenchSimulator sim)
{
    var at = Stopwatch.GetTimestamp();
    var raw = (await jetStream.GetStreamAsync(RawStream)).Info.State.LastSeq;
    var normalized = (await jetStream.GetStreamAsync(NormalizedStream)).Info.State.LastSeq;
    var sample = new Sample(at, raw, normalized, ProcFs.CpuTime(connector.Id), ProcFs.CpuTime(natsPid), ProcFs.CpuTime(Environment.ProcessId),
        sim.FramesSent, ProcFs.Rss(connector.Id), 0, 0, 0);
    var metrics = await connector.ScrapeAsync();
    return sample with
    {
        Received = metrics.Sum("ssmd_connector_messages_received_total"),
        Dropped = metrics.Sum("ssmd_connector_dropped_total"),
        BufferDepth = metrics.Sum("ssmd_connector_buffer_depth"),
    };
}

// The memory case: 10,000 markets subscribed, 5 s idle, then 20 s at a moderate load.
static async Task<(Throughput Memory, double IdleCores)> MemoryCaseAsync(string connectorDll, string natsUrl, INatsJSContext jetStream, int natsPid, string folder, Action<ConnectorProcess> started, int simulatorMarkets = MemoryMarkets)
{
    await using var sim = await BenchSimulator.StartAsync(simulatorMarkets);
    var environment = WriteEnvironment(folder, "memory", MarketsPerSubscription);
    await using var connector = ConnectorProcess.Start(connectorDll, natsUrl, sim, environment, Path.Combine(folder, "connector-memory.log"));
    started(connector);
    var markets = await connector.WaitReadyAsync(TimeSpan.FromSeconds(120));
    Progress($"memory: connector pid {connector.Id}, {markets:N0} markets subscribed; 5 s idle, then 20 s at {MemoryCaseEventsPerSecond:N0} events/s");
    // Idle first: what the connector costs with no data (timers, pings, probes of 50+ connections).
    var idleFrom = ProcFs.CpuTime(connector.Id);
    await Task.Delay(TimeSpan.FromSeconds(5));
    var idleCores = (ProcFs.CpuTime(connector.Id) - idleFrom).TotalSeconds / 5;
    await sim.SetLoadAsync(paused: false, eventsPerSecond: MemoryCaseEventsPerSecond);
    var start = await SampleAsync(jetStream, connector, natsPid, sim);
    var peakRss = await WatchRssAsync(connector.Id, TimeSpan.FromSeconds(20));
    var end = await SampleAsync(jetStream, connector, natsPid, sim);
    Progress("memory: " + ProcFs.Breakdown(connector.Id));
    await sim.SetLoadAsync(paused: true);
    return (new Throughput(markets, start, end, peakRss), idleCores);
}

static async Task<int> MemoryOnlyAsync(int simulatorMarkets)
{
    var folder = Directory.CreateTempSubdirectory("ssmd-connector-bench-").FullName;
    try
    {
        await using var nats = new NatsServerFixture();
        await nats.StartAsync();
        await using var natsConnection = await nats.CreateConnectionAsync();
        var (memory, idleCores) = await MemoryCaseAsync(ConnectorProcess.Locate(), nats.Url, new NatsJSContext(natsConnection), nats.ProcessId, folder, _ => { }, simulatorMarkets);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Connector resident memory, {memory.Markets:N0} markets after 20 s: {memory.End.Rss / 1024.0 / 1024.0:0} MB (peak {memory.PeakRss / 1024.0 / 1024.0:0} MB), {memory.StoredPerSecond:N0} frames/s stored, dropped {memory.Dropped:N0}; idle connector CPU {idleCores:0.00} cores; goal < 200 MB: {(memory.End.Rss < 200L * 1024 * 1024 ? "met" : "NOT met")}"));
        return memory.End.Rss < 200L * 1024 * 1024 ? 0 : 1;
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}

// Waits for the window, sampling the connector's resident memory; returns the highest seen.
static async Task<long> WatchRssAsync(int pid, TimeSpan duration)
{
    var clock = Stopwatch.StartNew();
    var peak = 0L;
    while (clock.Elapsed < duration)
    {
        peak = Math.Max(peak, ProcFs.Rss(pid));
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250, Math.Max(1, (duration - clock.Elapsed).TotalMilliseconds))));
    }

    return Math.Max(peak, ProcFs.Rss(pid));
}

// The frames the connector stored, byte for byte, from the start of the measured window on.
static async Task<List<byte[]>> ReadFramesAsync(INatsJSContext jetStream, string stream, ulong from, int count)
{
    var consumer = await jetStream.CreateOrUpdateConsumerAsync(stream, new ConsumerConfig
    {
        AckPolicy = ConsumerConfigAckPolicy.None,
        DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
        OptStartSeq = from,
        InactiveThreshold = TimeSpan.FromMinutes(1),
    });
    var frames = new List<byte[]>(count);
    while (frames.Count < count)
    {
        var read = 0;
        await foreach (var message in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = Math.Min(5_000, count - frames.Count), Expires = TimeSpan.FromSeconds(5) }))
        {
            read++;
            if (!message.Subject.EndsWith(".ssmd_data_loss", StringComparison.Ordinal)) // ssmd's own marker, not a received frame
                frames.Add(message.Data ?? []);
        }

        if (read == 0)
            break;
    }

    await jetStream.DeleteConsumerAsync(stream, consumer.Info.Name);
    return frames.Count > 0 ? frames : throw new InvalidOperationException($"No frames in {stream} from sequence {from}");
}

// As the connector tests write it (ConnectorHost.WriteEnvironment): every simulator market, all four channels.
static string WriteEnvironment(string folder, string name, int marketsPerSubscription) => BenchEnvironment.Write(folder, name, marketsPerSubscription,
    "categories: [Economics, Financials, Crypto, Commodities, Sports, Politics, Climate and Weather]");

/// <summary>Everything counted at one instant of a case.</summary>
internal sealed record Sample(long Timestamp, ulong RawLastSeq, ulong NormalizedLastSeq, TimeSpan ConnectorCpu, TimeSpan NatsCpu, TimeSpan BenchCpu,
    long SimSent, long Rss, double Received, double Dropped, double BufferDepth);

/// <summary>One connector case between two samples.</summary>
internal sealed record Throughput(int Markets, Sample Start, Sample End, long PeakRss)
{
    public double Seconds => Stopwatch.GetElapsedTime(Start.Timestamp, End.Timestamp).TotalSeconds;

    /// <summary>Raw frames acknowledged by JetStream (the raw stream's last sequence moved by as many).</summary>
    public double StoredPerSecond => (End.RawLastSeq - Start.RawLastSeq) / Seconds;

    public double NormalizedPerSecond => (End.NormalizedLastSeq - Start.NormalizedLastSeq) / Seconds;

    public double ReceivedPerSecond => (End.Received - Start.Received) / Seconds;

    public double SentPerSecond => (End.SimSent - Start.SimSent) / Seconds;

    public double Dropped => End.Dropped - Start.Dropped;

    public double ConnectorCpuMicrosecondsEach => (End.ConnectorCpu - Start.ConnectorCpu).TotalMicroseconds / Math.Max(1, End.RawLastSeq - Start.RawLastSeq);

    public double ConnectorCpuMicrosecondsPerReceived => (End.ConnectorCpu - Start.ConnectorCpu).TotalMicroseconds / Math.Max(1, End.Received - Start.Received);

    public double NatsCpuMicrosecondsEach => (End.NatsCpu - Start.NatsCpu).TotalMicroseconds / Math.Max(1, End.RawLastSeq - Start.RawLastSeq);

    public double Cores(Func<Sample, TimeSpan> cpu) => (cpu(End) - cpu(Start)).TotalSeconds / Seconds;
}

internal static partial class Program
{
    private const string RawStream = BenchEnvironment.RawStream;
    private const string NormalizedStream = BenchEnvironment.NormalizedStream;
    private const long StreamMaxBytes = 8L * 1024 * 1024 * 1024;
}
