using System.Buffers;
using System.Globalization;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Connector.Benchmarks;
using Ssmd.Kalshi;
using Ssmd.Storage;
using Ssmd.Streams;

namespace Ssmd.Archiver.Benchmarks;

/// <summary>
/// The real gold15m tape (every frame) as the connector publishes it: the simulator replays the capture as
/// fast as the connector (the built Ssmd.Connector.dll, its own process, its real parser, books and
/// normalizer) reads, the connector stores raw frames on <c>kalshi.raw.{type}</c> and normalized Cap'n
/// Proto events on <c>kalshi.{kind}.{ticker}</c>; then the connector is stopped, so the archiver works off
/// a backlog exactly like the synthetic feed's. The messages are read back from JetStream for the anchor.
/// </summary>
internal sealed class TapeFeed
{
    private readonly List<(string Subject, byte[] Data, long Ns)> _raw = [];
    private readonly List<(string Subject, byte[] Data, long Ns)> _normalized = [];

    public string EnvironmentPath { get; private set; } = "";

    public int RawMessages => _raw.Count;

    public int NormalizedMessages => _normalized.Count;

    public long RawLineBytes { get; private set; }

    public long NormalizedBytes { get; private set; }

    /// <summary>Frames the simulator sent.</summary>
    public long FramesSent { get; private set; }

    public IReadOnlyList<DateOnly> Days =>
        [.. _raw.Concat(_normalized).Select(m => DateOnly.FromDateTime(DateTime.UnixEpoch.AddTicks(m.Ns / 100))).Distinct().Order()];

    public static string FindGoldTape()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "kalshi", "captures", "gold15m", "events");
            if (Directory.Exists(candidate))
                return candidate;
        }

        throw new DirectoryNotFoundException("no shared/kalshi/captures/gold15m/events above " + AppContext.BaseDirectory);
    }

    /// <summary>Replays <paramref name="tape"/> through simulator and connector into JetStream, then reads both streams back.</summary>
    public async Task FillAsync(string natsUrl, INatsJSContext jetStream, string folder, string tape)
    {
        await using (var sim = await BenchSimulator.StartAsync(10, new Dictionary<string, string?>
        {
            ["KalshiSim:Replay:Path"] = tape,
            ["KalshiSim:Replay:Speed"] = "0",
        }))
        {
            EnvironmentPath = BenchEnvironment.Write(folder, "tape", 200, "series: [KXGOLD15M]");
            await using var connector = ConnectorProcess.Start(ConnectorProcess.Locate(), natsUrl, sim, EnvironmentPath, Path.Combine(folder, "connector.log"));
            var markets = await connector.WaitReadyAsync(TimeSpan.FromSeconds(90));
            Progress($"tape {tape}: {markets} markets subscribed; replaying into JetStream (not timed)");
            await sim.SetLoadAsync(paused: false);
            var last = 0UL;
            var still = 0;
            while (still < 20 || !await sim.ReplayEndedAsync())
            {
                await Task.Delay(100);
                var seq = (await jetStream.GetStreamAsync(BenchEnvironment.RawStream)).Info.State.LastSeq;
                still = seq == last ? still + 1 : 0;
                last = seq;
            }

            await connector.WaitDrainedAsync(TimeSpan.FromSeconds(60));
            FramesSent = sim.FramesSent;
        }

        // The connector is gone (its liveness probes too): the streams hold a fixed backlog.
        await ReadAsync(jetStream, BenchEnvironment.RawStream, _raw);
        await ReadAsync(jetStream, BenchEnvironment.NormalizedStream, _normalized);
        Progress($"JetStream holds {_raw.Count:N0} raw and {_normalized.Count:N0} normalized messages ({FramesSent:N0} frames sent)");
    }

    private static async Task ReadAsync(INatsJSContext jetStream, string stream, List<(string, byte[], long)> into)
    {
        var consumer = await jetStream.CreateOrUpdateConsumerAsync(stream, new ConsumerConfig
        {
            AckPolicy = ConsumerConfigAckPolicy.None,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            InactiveThreshold = TimeSpan.FromMinutes(1),
        });
        var pending = (long)consumer.Info.NumPending;
        while (into.Count < pending)
        {
            await foreach (var message in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 5_000, Expires = TimeSpan.FromSeconds(2) }))
                into.Add((message.Subject, message.Data ?? [], SsmdHeaders.ReadReceiveTime(message.Headers) ?? 0));
        }

        await jetStream.DeleteConsumerAsync(stream, consumer.Info.Name);
    }

    /// <summary>The raw type of a raw subject (<c>kalshi.raw.{type}</c>).</summary>
    public static string RawType(string subject) => KalshiSubject.Decode(subject[(subject.LastIndexOf('.') + 1)..]);

    /// <summary>The archive file group of a normalized subject: its kind (files are one per kind and ticker).</summary>
    public static string NormalizedKindOf(string subject) =>
        SsmdSubjects.TryParseNormalized(subject, out _, out var kind, out _) ? SsmdSubjects.KindToken(kind) : "?";

    /// <summary>Raw messages and their JSON bytes, by type.</summary>
    public IEnumerable<(string Type, int Messages, long Bytes)> RawByType() =>
        _raw.GroupBy(m => RawType(m.Subject)).Select(g => (g.Key, g.Count(), g.Sum(m => (long)m.Data.Length)));

    /// <summary>Normalized messages and their Cap'n Proto bytes, by kind.</summary>
    public IEnumerable<(string Kind, int Messages, long Bytes)> NormalizedByKind() =>
        _normalized.GroupBy(m => NormalizedKindOf(m.Subject)).Select(g => (g.Key, g.Count(), g.Sum(m => (long)m.Data.Length)));

    /// <summary>
    /// The anchor: the archive's bytes, zstd-compressed at <paramref name="level"/> and written, one file per
    /// archive file (raw: type and hour, JSONL lines; normalized: kind and ticker, the Cap'n Proto frames).
    /// </summary>
    public async Task<(long Raw, long Normalized)> CompressAndWriteAsync(string folder, int level)
    {
        Directory.CreateDirectory(folder);
        long rawSize = 0, normalizedSize = 0;
        RawLineBytes = 0;
        NormalizedBytes = 0;
        var i = 0;
        foreach (var group in _raw.GroupBy(m => (RawType(m.Subject), m.Ns / 3_600_000_000_000)))
        {
            var type = RawArchiveFormat.EncodeType(group.Key.Item1);
            var lines = new ArrayBufferWriter<byte>();
            foreach (var (_, data, ns) in group)
                RawArchiveFormat.WriteLine(lines, ns / 1_000_000, type, data);
            RawLineBytes += lines.WrittenCount;
            rawSize += await BenchFeed.CompressAsync(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"raw{i++}.zst")), [lines.WrittenMemory], level);
        }

        foreach (var group in _normalized.GroupBy(m => m.Subject))
        {
            normalizedSize += await BenchFeed.CompressAsync(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"n{i++}.zst")), [.. group.Select(m => (ReadOnlyMemory<byte>)m.Data)], level);
            NormalizedBytes += group.Sum(m => (long)m.Data.Length);
        }

        return (rawSize, normalizedSize);
    }

    /// <summary>What each raw archive file holds before compression (JSONL lines, per type and hour).</summary>
    public List<byte[]> RawFileContents()
    {
        var files = new List<byte[]>();
        foreach (var group in _raw.GroupBy(m => (RawType(m.Subject), m.Ns / 3_600_000_000_000)))
        {
            var type = RawArchiveFormat.EncodeType(group.Key.Item1);
            var lines = new ArrayBufferWriter<byte>();
            foreach (var (_, data, ns) in group)
                RawArchiveFormat.WriteLine(lines, ns / 1_000_000, type, data);
            files.Add(lines.WrittenSpan.ToArray());
        }

        return files;
    }

    /// <summary>What each normalized archive file holds (its Cap'n Proto frames, per kind and ticker).</summary>
    public List<(string Kind, List<byte[]> Frames)> NormalizedFileContents() =>
        [.. _normalized.GroupBy(m => m.Subject).Select(g => (NormalizedKindOf(g.Key), g.Select(m => m.Data).ToList()))];

    private static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
