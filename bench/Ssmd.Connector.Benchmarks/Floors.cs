using System.Diagnostics;
using System.Text.Json;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Ssmd.Connector.Benchmarks;

/// <summary>The two anchors: what parsing alone and what the broker alone can do with the same frames.</summary>
internal static class Floors
{
    /// <summary>
    /// The parse floor: one thread running <see cref="Utf8JsonReader"/> over every token of every frame,
    /// round and round, for <paramref name="duration"/> (after a short warm-up). Nothing else runs in this
    /// process meanwhile (the simulator is stopped), so the process CPU time is the reader's.
    /// </summary>
    public static Rate Parse(IReadOnlyList<byte[]> frames, TimeSpan duration)
    {
        long tokens = 0;
        RunFor(TimeSpan.FromSeconds(0.5)); // JIT to the optimized tier
        var cpu = ProcFs.CpuTime(Environment.ProcessId);
        var clock = Stopwatch.StartNew();
        var count = RunFor(duration);
        var elapsed = clock.Elapsed;
        var used = ProcFs.CpuTime(Environment.ProcessId) - cpu;
        GC.KeepAlive(tokens);
        return new Rate(count, elapsed, used);

        long RunFor(TimeSpan span)
        {
            var watch = Stopwatch.StartNew();
            long done = 0;
            while (watch.Elapsed < span)
            {
                // A whole pass between clock checks; the sample is small enough that a pass is well under a second.
                foreach (var frame in frames)
                {
                    var reader = new Utf8JsonReader(frame);
                    while (reader.Read())
                        tokens += reader.ValueSpan.Length; // touch every token so none of the work can be skipped
                }

                done += frames.Count;
            }

            return done;
        }
    }

    /// <summary>
    /// The broker floor: the same payloads published to a fresh stream (file storage, the raw stream's
    /// limits) with <see cref="INatsJSContext.PublishAsync{T}"/>, <paramref name="inFlight"/> acks
    /// outstanding (the connector's default <c>MaxPublishesInFlight</c>), no headers and no message ids;
    /// counted as acks received in the window.
    /// </summary>
    public static async Task<Rate> PublishAsync(INatsJSContext jetStream, StreamConfig config, IReadOnlyList<byte[]> payloads, int inFlight, TimeSpan duration, int natsServerPid)
    {
        await jetStream.CreateStreamAsync(config);
        var subject = config.Subjects!.Single().TrimEnd('>') + "frame";
        var pending = new Queue<ValueTask<PubAckResponse>>(inFlight);
        var next = 0;
        long acked = 0;

        await RunForAsync(TimeSpan.FromSeconds(2)); // warm-up: connection buffers, JIT, the stream's first blocks
        acked = 0;
        var clientCpu = ProcFs.CpuTime(Environment.ProcessId);
        var serverCpu = ProcFs.CpuTime(natsServerPid);
        var clock = Stopwatch.StartNew();
        await RunForAsync(duration);
        var elapsed = clock.Elapsed;
        var rate = new Rate(acked, elapsed, ProcFs.CpuTime(Environment.ProcessId) - clientCpu, ProcFs.CpuTime(natsServerPid) - serverCpu);
        while (pending.Count > 0)
            (await pending.Dequeue()).EnsureSuccess();
        await jetStream.DeleteStreamAsync(config.Name!);
        return rate;

        async Task RunForAsync(TimeSpan span)
        {
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < span)
            {
                pending.Enqueue(jetStream.PublishAsync(subject, payloads[next++ % payloads.Count]));
                if (pending.Count >= inFlight)
                {
                    (await pending.Dequeue()).EnsureSuccess();
                    acked++;
                }
            }
        }
    }
}

/// <summary>Frames (or messages) done in a time, the CPU the measured process used meanwhile, and the broker's CPU if measured.</summary>
internal readonly record struct Rate(long Count, TimeSpan Elapsed, TimeSpan Cpu, TimeSpan ServerCpu = default)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double CpuMicrosecondsEach => Cpu.TotalMicroseconds / Math.Max(1, Count);

    public double ServerCpuMicrosecondsEach => ServerCpu.TotalMicroseconds / Math.Max(1, Count);
}
