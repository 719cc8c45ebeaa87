// Archiver throughput against an anchor measured in the same run (issue 6).
//   dotnet build -c Release bench/Ssmd.Archiver.Benchmarks
//   dotnet run -c Release --no-build --project bench/Ssmd.Archiver.Benchmarks [-- [synthetic [frames] | tape [capture folder]] [--level N]]
// Without a mode both run, synthetic first. Each starts a real nats-server and fills JetStream before timing:
//   synthetic: `frames` trade frames (default 100,000; raw + normalized Cap'n Proto, 2 messages each, 2,000
//              tickers, a random UUID trade id each: the worst case for compression);
//   tape:      the real gold15m capture, every frame, replayed by the simulator through the connector (its
//              own process: its real parser, books and normalizer) into kalshi.raw.{type} and
//              kalshi.{kind}.{ticker}; the connector is stopped before timing.
// Then it times the archiver in this process from start until every message is acknowledged and flushed into
// a folder store. Anchor: zstd compress-and-write (same level) of exactly the bytes the archive holds (JSONL
// lines per type and hour, Cap'n Proto frames per kind and ticker), one stream per archive file.
// --level N: the zstd level of both archiver (Archiver:CompressionLevel) and anchor (default 3).
// --study 3,9,19: after the run, the size study (SizeStudy.cs) at those zstd levels: bytes per message raw vs
//   normalized per option (level; Cap'n Proto packed inside zstd) and what orderbook fields cost.
// --export: after the tape run, the Parquet export of each kind (ExportBench.cs) against reading the same events back.
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NATS.Client.JetStream;
using Ssmd.Archiver;
using Ssmd.Archiver.Benchmarks;
using Ssmd.Environments;
using Ssmd.Storage;
using Ssmd.Streams;
using Ssmd.Testing;

// pack <in> <out>: SizeStudy's packer over a file of framed Cap'n Proto messages (to check it with `capnp decode --packed`).
if (args is ["pack", var packIn, var packOut])
{
    var bytes = File.ReadAllBytes(packIn);
    using var packed = File.Create(packOut);
    for (var at = 0; at < bytes.Length;)
    {
        var length = Ssmd.Capnp.MessageReader.GetFrameLength(bytes.AsSpan(at));
        packed.Write(SizeStudy.Pack(bytes[at..(at + length)]));
        at += length;
    }

    return 0;
}

var arguments = args.ToList();
var level = 3;
if (arguments.IndexOf("--level") is var l and >= 0)
{
    level = int.Parse(arguments[l + 1], CultureInfo.InvariantCulture);
    arguments.RemoveRange(l, 2);
}

var exportToo = arguments.Remove("--export");
int[]? study = null;
if (arguments.IndexOf("--study") is var st and >= 0)
{
    study = [.. arguments[st + 1].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))];
    arguments.RemoveRange(st, 2);
}

var mode = arguments.Count > 0 ? arguments[0] : "both";
var inv = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(inv,
    $"Archiver bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, zstd level {level}"));
if (mode is "synthetic" or "both")
    await SyntheticAsync(mode == "synthetic" && arguments.Count > 1 ? int.Parse(arguments[1], inv) : 100_000);
if (mode is "tape" or "both")
    await TapeAsync(mode == "tape" && arguments.Count > 1 ? arguments[1] : TapeFeed.FindGoldTape());
return 0;

async Task SyntheticAsync(int frames)
{
    var root = Directory.CreateTempSubdirectory("ssmd-archiver-bench").FullName;
    try
    {
        var repository = BenchFeed.RepositoryRoot();
        var environment = SsmdEnvironmentLoader.Load(Path.Combine(repository, "environments", "sim.yaml"));
        var feed = new BenchFeed(frames, 2_000);

        await using var nats = new NatsServerFixture();
        await nats.StartAsync();
        await using var connection = await nats.CreateConnectionAsync();
        var jetStream = new NatsJSContext(connection);
        await SsmdStreams.EnsureAsync(jetStream, environment);
        await feed.PublishAsync(jetStream);

        // Anchor: the same bytes, zstd-compressed and written, in this run.
        var anchor = Stopwatch.StartNew();
        var (rawBytes, normalizedBytes) = await feed.CompressAndWriteAsync(Path.Combine(root, "anchor"), level);
        anchor.Stop();

        var run = await ArchiveAsync(nats, jetStream, environment, "sim", repository, root, feed.Days);
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"== synthetic: {2.0 * frames:N0} messages ({frames:N0} trade frames raw + {frames:N0} normalized, 2,000 tickers) =="));
        Report(run, 2L * frames, feed.RawLineBytes + feed.NormalizedBytes, anchor.Elapsed,
            [("trade", frames, rawBytes, feed.RawLineBytes, "trade", frames, normalizedBytes, feed.NormalizedBytes)]);
        if (study is not null)
            SizeStudy.Run(study, feed.RawFileContents(), feed.NormalizedFileContents(), frames, frames);
        if (run.RawMessages != frames || run.NormalizedMessages != frames)
            throw new InvalidOperationException($"archived {run.RawMessages} raw and {run.NormalizedMessages} normalized of {frames} each");
    }
    finally
    {
        Directory.Delete(root, recursive: true);
    }
}

async Task TapeAsync(string tape)
{
    var root = Directory.CreateTempSubdirectory("ssmd-archiver-tape-bench").FullName;
    try
    {
        await using var nats = new NatsServerFixture();
        await nats.StartAsync();
        await using var connection = await nats.CreateConnectionAsync();
        var jetStream = new NatsJSContext(connection);
        var feed = new TapeFeed();
        await feed.FillAsync(nats.Url, jetStream, root, tape);
        var environment = SsmdEnvironmentLoader.Load(feed.EnvironmentPath);

        var anchor = Stopwatch.StartNew();
        await feed.CompressAndWriteAsync(Path.Combine(root, "anchor"), level);
        anchor.Stop();

        var run = await ArchiveAsync(nats, jetStream, environment, feed.EnvironmentPath, null, root, feed.Days);
        Console.WriteLine();
        Console.WriteLine(string.Create(inv,
            $"== tape {tape}: {feed.FramesSent:N0} frames sent; {feed.RawMessages + feed.NormalizedMessages:N0} messages ({feed.RawMessages:N0} raw + {feed.NormalizedMessages:N0} normalized) =="));
        var rawTypes = feed.RawByType().ToDictionary(t => t.Type);
        var kinds = feed.NormalizedByKind().ToDictionary(k => k.Kind);
        // Raw types paired with the normalized kind made from them.
        var pairs = new (string Raw, string Kind)[] { ("orderbook_snapshot+orderbook_delta", "orderbook"), ("trade", "trade"), ("ticker", "ticker"), ("market_lifecycle_v2", "status") };
        var rows = new List<(string, long, long, long, string, long, long, long)>();
        foreach (var (rawName, kind) in pairs)
        {
            var types = rawName.Split('+');
            var rawMessages = types.Sum(t => rawTypes.TryGetValue(t, out var r) ? r.Messages : 0);
            var rawJson = types.Sum(t => rawTypes.TryGetValue(t, out var r) ? r.Bytes : 0);
            var rawArchived = run.RawFiles.Where(f => types.Contains(f.Name)).Sum(f => f.Bytes);
            var n = kinds.GetValueOrDefault(kind);
            var normArchived = run.NormalizedFiles.Where(f => f.Kind == kind).Sum(f => f.Bytes);
            rows.Add((rawName, rawMessages, rawArchived, rawJson, kind, n.Messages, normArchived, n.Bytes));
        }

        var others = rawTypes.Keys.Where(t => !pairs.Any(p => p.Raw.Split('+').Contains(t))).ToList();
        if (others.Count > 0)
        {
            rows.Add((string.Join("+", others), others.Sum(t => rawTypes[t].Messages), run.RawFiles.Where(f => others.Contains(f.Name)).Sum(f => f.Bytes),
                others.Sum(t => rawTypes[t].Bytes), "-", 0, 0, 0));
        }

        Report(run, feed.RawMessages + feed.NormalizedMessages, feed.RawLineBytes + feed.NormalizedBytes, anchor.Elapsed, rows);
        if (study is not null)
            SizeStudy.Run(study, feed.RawFileContents(), feed.NormalizedFileContents(), feed.RawMessages, feed.NormalizedMessages);
        if (exportToo)
            await ExportBench.RunAsync(Path.Combine(root, "store"), environment.Storage, feed.Days, root);
        if (run.RawMessages != feed.RawMessages || run.NormalizedMessages != feed.NormalizedMessages)
            throw new InvalidOperationException($"archived {run.RawMessages} raw of {feed.RawMessages} and {run.NormalizedMessages} normalized of {feed.NormalizedMessages}");
    }
    finally
    {
        Directory.Delete(root, recursive: true);
    }
}

// The archiver in this process from start until every consumer has acknowledged everything and the flush is done.
async Task<ArchiveRun> ArchiveAsync(NatsServerFixture nats, INatsJSContext jetStream, SsmdEnvironment environment, string environmentName, string? environmentsRoot, string root, IReadOnlyList<DateOnly> days)
{
    var repository = BenchFeed.RepositoryRoot();
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = repository, EnvironmentName = "Production" });
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:nats"] = nats.Url,
        ["ConnectionStrings:archive"] = new Uri(Path.Combine(root, "store") + "/").AbsoluteUri,
        ["Ssmd:Environment"] = environmentName,
        ["Ssmd:EnvironmentsRoot"] = environmentsRoot ?? repository,
        ["Archiver:WorkDirectory"] = Path.Combine(root, "work"),
        ["Archiver:CompressionLevel"] = level.ToString(inv),
        ["Logging:LogLevel:Default"] = "Warning",
    });
    builder.AddServiceDefaults();
    builder.AddArchiver();
    await using var app = builder.Build();
    var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var natsCpu = Process.GetProcessById(nats.ProcessId).TotalProcessorTime;
    var timer = Stopwatch.StartNew();
    await app.StartAsync();
    var flusher = app.Services.GetRequiredService<Ssmd.Archiver.Flushing.ArchiveFlusher>();
    foreach (var source in new[] { "raw", "trade", "orderbook", "ticker", "status" })
    {
        var stream = source == "raw" ? environment.Transport.Nats.RawStream.Name : environment.Transport.Nats.NormalizedStream.Name;
        while ((await jetStream.GetConsumerAsync(stream, $"ssmd-archiver-{source}")).Info is { } info && (info.NumPending > 0 || info.NumAckPending > 0))
            await Task.Delay(20);
    }

    var consumed = timer.Elapsed;
    while (flusher.Pending > 0)
        await flusher.FlushAsync("bench", CancellationToken.None);
    timer.Stop();
    var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    var natsUsed = Process.GetProcessById(nats.ProcessId).TotalProcessorTime - natsCpu;
    await app.StopAsync();

    var reader = new ArchiveReader(new FolderObjectStore(Path.Combine(root, "store")), environment.Storage);
    var rawFiles = new List<ArchiveManifestFile>();
    var normalizedFiles = new List<ArchiveManifestFile>();
    foreach (var day in days)
    {
        rawFiles.AddRange((await reader.ReadManifestAsync(ArchiveKind.Raw, day))?.Files ?? []);
        normalizedFiles.AddRange((await reader.ReadManifestAsync(ArchiveKind.Normalized, day))?.Files ?? []);
    }

    return new ArchiveRun(timer.Elapsed, consumed, timer.Elapsed - consumed, cpuUsed, natsUsed, load, rawFiles, normalizedFiles);
}

void Report(ArchiveRun run, long messages, long inputBytes, TimeSpan anchor, IEnumerable<(string RawType, long RawMessages, long RawArchived, long RawJson, string Kind, long NormMessages, long NormArchived, long NormCapnp)> rows)
{
    var inputMb = inputBytes / 1e6;
    Console.WriteLine(string.Create(inv, $"input {inputMb:F1} MB (JSONL lines + Cap'n Proto frames); load average at start {run.Load}"));
    Console.WriteLine(string.Create(inv,
        $"anchor  (zstd-{level} compress + write, same bytes): {anchor.TotalSeconds,6:F2} s  {messages / anchor.TotalSeconds,10:N0} msg/s  {inputMb / anchor.TotalSeconds,6:F1} MB/s"));
    Console.WriteLine(string.Create(inv,
        $"archiver (pull, journal fsync, ack, flush):      {run.Elapsed.TotalSeconds,6:F2} s  {messages / run.Elapsed.TotalSeconds,10:N0} msg/s  {inputMb / run.Elapsed.TotalSeconds,6:F1} MB/s   (consume {run.Consumed.TotalSeconds:F2} s + flush {run.Flush.TotalSeconds:F2} s)"));
    Console.WriteLine(string.Create(inv,
        $"archiver / anchor throughput: {anchor.TotalSeconds / run.Elapsed.TotalSeconds:F3}; archiver process CPU {run.Cpu.TotalMicroseconds / messages:F2} µs/msg, nats-server {run.NatsCpu.TotalMicroseconds / messages:F2} µs/msg"));
    Console.WriteLine("bytes/message after compression (archive files as written; before: JSON frame / Cap'n Proto frame):");
    Console.WriteLine(string.Create(inv, $"  {"raw type",-36} {"msgs",9} {"raw B/msg",10} {"(json)",8} | {"kind",-9} {"msgs",9} {"norm B/msg",10} {"(capnp)",8} | norm/raw"));
    foreach (var r in rows)
    {
        var raw = r.RawMessages > 0 ? (double)r.RawArchived / r.RawMessages : double.NaN;
        var norm = r.NormMessages > 0 ? (double)r.NormArchived / r.NormMessages : double.NaN;
        Console.WriteLine(string.Create(inv,
            $"  {r.RawType,-36} {r.RawMessages,9:N0} {raw,10:F1} {(double)r.RawJson / Math.Max(1, r.RawMessages),8:F1} | {r.Kind,-9} {r.NormMessages,9:N0} {norm,10:F1} {(double)r.NormCapnp / Math.Max(1, r.NormMessages),8:F1} | {(r.NormMessages > 0 ? norm / raw : double.NaN),5:F2}"));
    }

    var rawTotal = (double)run.RawFiles.Sum(f => f.Bytes) / run.RawMessages;
    var normTotal = (double)run.NormalizedFiles.Sum(f => f.Bytes) / run.NormalizedMessages;
    Console.WriteLine(string.Create(inv,
        $"  {"all",-36} {run.RawMessages,9:N0} {rawTotal,10:F1} {"",8} | {"all",-9} {run.NormalizedMessages,9:N0} {normTotal,10:F1} {"",8} | {normTotal / rawTotal,5:F2}"));
}

internal sealed record ArchiveRun(TimeSpan Elapsed, TimeSpan Consumed, TimeSpan Flush, TimeSpan Cpu, TimeSpan NatsCpu, string Load,
    List<ArchiveManifestFile> RawFiles, List<ArchiveManifestFile> NormalizedFiles)
{
    public long RawMessages => RawFiles.Sum(f => f.Messages);

    public long NormalizedMessages => NormalizedFiles.Sum(f => f.Messages);
}
