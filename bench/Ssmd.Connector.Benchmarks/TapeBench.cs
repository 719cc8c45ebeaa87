using System.Diagnostics;
using System.Globalization;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Testing;

namespace Ssmd.Connector.Benchmarks;

/// <summary>
/// A real tape end to end (issue 11): the simulator replays the gold15m capture (755,767 production frames,
/// 15 markets) as fast as the connector reads, the connector (its own process) stores every frame in
/// JetStream and the archiver (its own process, folder store) archives both streams during the same replay;
/// reported: frames/s from the first frame sent to the last one acknowledged by JetStream, and to every
/// message durable in the archive (acknowledged by the archiver after its journal fsync, then flushed into
/// the archive files), the connector's and the archiver's CPU per frame, and the parse floor
/// (<c>Utf8JsonReader</c> over the same stored frames, same run).
/// </summary>
internal static class TapeBench
{
    public static async Task<int> RunAsync(string? tapePath, bool archive = true)
    {
        var tape = tapePath ?? FindGoldTape();
        var folder = Directory.CreateTempSubdirectory("ssmd-connector-tape-bench-").FullName;
        try
        {
            await using var nats = new NatsServerFixture();
            await nats.StartAsync();
            await using var natsConnection = await nats.CreateConnectionAsync();
            var jetStream = new NatsJSContext(natsConnection);
            await using var sim = await BenchSimulator.StartAsync(10, new Dictionary<string, string?>
            {
                ["KalshiSim:Replay:Path"] = tape,
                ["KalshiSim:Replay:Speed"] = "0",
            });
            var environment = BenchEnvironment.Write(folder, "tape", 200, "series: [KXGOLD15M]");
            await using var connector = ConnectorProcess.Start(ConnectorProcess.Locate(), nats.Url, sim, environment, Path.Combine(folder, "connector-tape.log"));
            var markets = await connector.WaitReadyAsync(TimeSpan.FromSeconds(90));
            await using var archiver = archive ? await ArchiverProcess.StartAsync(ArchiverProcess.Locate(), nats.Url, environment, folder) : null;
            if (archiver is not null)
            {
                while (!await ArchiverCaughtUpAsync(jetStream))
                    await Task.Delay(100);
                await archiver.FlushAsync(); // the start-up snapshots: not part of the replay
            }

            Progress($"tape {tape}: connector pid {connector.Id}, {markets} markets subscribed, archiver pid {archiver?.Id}; replaying as fast as it reads");

            var startSeq = await RawLastSeqAsync(jetStream);
            var startCpu = ProcFs.CpuTime(connector.Id);
            var startArchiverCpu = archiver is null ? TimeSpan.Zero : ProcFs.CpuTime(archiver.Id);
            var startNatsCpu = ProcFs.CpuTime(nats.ProcessId);
            var clock = Stopwatch.StartNew();
            await sim.SetLoadAsync(paused: false);

            // Done when the tape has ended and the raw stream stopped growing; the end is the last growth seen.
            var last = startSeq;
            var lastGrowth = TimeSpan.Zero;
            var cpuAtLastGrowth = startCpu;
            var natsCpuAtLastGrowth = startNatsCpu;
            var archiverBehindAt = TimeSpan.Zero; // the last time the archiver's consumers were seen with work left
            while (true)
            {
                await Task.Delay(100);
                if (archiver is not null && !await ArchiverCaughtUpAsync(jetStream))
                    archiverBehindAt = clock.Elapsed;
                var seq = await RawLastSeqAsync(jetStream);
                if (seq != last)
                {
                    last = seq;
                    lastGrowth = clock.Elapsed;
                    cpuAtLastGrowth = ProcFs.CpuTime(connector.Id);
                    natsCpuAtLastGrowth = ProcFs.CpuTime(nats.ProcessId);
                }
                else if (clock.Elapsed - lastGrowth > TimeSpan.FromSeconds(2) && await sim.ReplayEndedAsync())
                {
                    break;
                }

                if (clock.Elapsed > TimeSpan.FromMinutes(10))
                    throw new TimeoutException("the tape did not finish within 10 minutes");
            }

            // Durable: every consumer of the archiver has acknowledged everything (each message fsynced in its
            // journal), then one flush puts it all in archive files (zstd, manifest).
            while (archiver is not null && !await ArchiverCaughtUpAsync(jetStream))
            {
                archiverBehindAt = clock.Elapsed;
                await Task.Delay(20);
                if (clock.Elapsed > TimeSpan.FromMinutes(15))
                    throw new TimeoutException("the archiver did not catch up within 15 minutes");
            }

            var acked = Max(archiverBehindAt, lastGrowth);
            var flushClock = Stopwatch.StartNew();
            var flushed = archiver is null ? 0 : await archiver.FlushAsync();
            var flush = flushClock.Elapsed;
            var archiverCpu = archiver is null ? TimeSpan.Zero : ProcFs.CpuTime(archiver.Id) - startArchiverCpu;
            var durable = acked + flush;

            var stored = last - startSeq;
            var metrics = await connector.ScrapeAsync();
            var dropped = metrics.Sum("ssmd_connector_dropped_total");
            Progress($"stored {stored:N0} frames in {lastGrowth.TotalSeconds:0.0} s; parse floor over the same frames");
            var frames = await ReadAllFramesAsync(jetStream, startSeq + 1);
            var parse = Floors.Parse(frames, TimeSpan.FromSeconds(5));

            var inv = CultureInfo.InvariantCulture;
            var cpuEach = (cpuAtLastGrowth - startCpu).TotalMicroseconds / stored;
            var natsEach = (natsCpuAtLastGrowth - startNatsCpu).TotalMicroseconds / stored;
            Console.WriteLine(string.Create(inv,
                $"Connector tape bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}), tape {tape}"));
            Console.WriteLine();
            Console.WriteLine(string.Create(inv, $"frames sent by the simulator       {sim.FramesSent,12:N0}"));
            Console.WriteLine(string.Create(inv, $"frames stored (acked, raw stream)  {stored,12:N0}   dropped {dropped:N0}"));
            Console.WriteLine(string.Create(inv, $"end to end                         {stored / lastGrowth.TotalSeconds,12:N0} frames/s   (first send -> last ack, {lastGrowth.TotalSeconds:0.0} s, {markets} markets)"));
            Console.WriteLine(string.Create(inv, $"parse floor (Utf8JsonReader)       {parse.PerSecond,12:N0} frames/s   {parse.CpuMicrosecondsEach:0.000} µs CPU/frame"));
            Console.WriteLine(string.Create(inv, $"connector CPU per stored frame     {cpuEach,12:0.00} µs = {cpuEach / parse.CpuMicrosecondsEach:0.0}x the parse floor"));
            Console.WriteLine(string.Create(inv, $"nats-server CPU per stored frame   {natsEach,12:0.00} µs (raw + normalized)"));
            if (archiver is null)
                return dropped == 0 ? 0 : 1;
            Console.WriteLine(string.Create(inv, $"end to end, archive durable        {stored / durable.TotalSeconds,12:N0} frames/s   (first send -> every message acked by the archiver (journal fsync) {acked.TotalSeconds:0.0} s + flush into archive files {flush.TotalSeconds:0.0} s = {durable.TotalSeconds:0.0} s; the last flush wrote {flushed:N0} messages, the archiver flushed the rest itself on its pending limit)"));
            Console.WriteLine(string.Create(inv, $"archiver CPU per stored frame      {archiverCpu.TotalMicroseconds / stored,12:0.00} µs = {archiverCpu.TotalMicroseconds / stored / parse.CpuMicrosecondsEach:0.0}x the parse floor (raw + normalized, journal, ack, flush)"));
            return dropped == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // Every archiver consumer (raw and the four normalized kinds) has nothing pending and nothing unacknowledged.
    private static async Task<bool> ArchiverCaughtUpAsync(INatsJSContext jetStream)
    {
        foreach (var source in new[] { "raw", "trade", "orderbook", "ticker", "status" })
        {
            var stream = source == "raw" ? BenchEnvironment.RawStream : BenchEnvironment.NormalizedStream;
            var info = (await jetStream.GetConsumerAsync(stream, $"ssmd-archiver-{source}")).Info;
            if (info.NumPending > 0 || info.NumAckPending > 0)
                return false;
        }

        return true;
    }

    private static async Task<ulong> RawLastSeqAsync(INatsJSContext jetStream) =>
        (await jetStream.GetStreamAsync(BenchEnvironment.RawStream)).Info.State.LastSeq;

    private static async Task<List<byte[]>> ReadAllFramesAsync(INatsJSContext jetStream, ulong from)
    {
        var consumer = await jetStream.CreateOrUpdateConsumerAsync(BenchEnvironment.RawStream, new ConsumerConfig
        {
            AckPolicy = ConsumerConfigAckPolicy.None,
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
            OptStartSeq = from,
            InactiveThreshold = TimeSpan.FromMinutes(1),
        });
        var frames = new List<byte[]>();
        while (true)
        {
            var read = 0;
            await foreach (var message in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 5_000, Expires = TimeSpan.FromSeconds(2) }))
            {
                read++;
                frames.Add(message.Data ?? []);
            }

            if (read == 0)
                break;
        }

        await jetStream.DeleteConsumerAsync(BenchEnvironment.RawStream, consumer.Info.Name);
        return frames;
    }

    // ../shared/kalshi/captures/gold15m/events from the working directory or any folder above it.
    private static string FindGoldTape()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "kalshi", "captures", "gold15m", "events");
            if (Directory.Exists(candidate))
                return candidate;
        }

        throw new DirectoryNotFoundException("no shared/kalshi/captures/gold15m/events above the working directory: pass the capture folder");
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
