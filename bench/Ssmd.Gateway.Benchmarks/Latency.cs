using NATS.Client.Core;
using Ssmd.Capnp;

namespace Ssmd.Gateway.Benchmarks;

/// <summary>Percentiles of a latency sample, in ms.</summary>
internal sealed record Latency(int Count, double P50, double P99, double P999, double Max)
{
    public static Latency Of(IEnumerable<long> nanos)
    {
        long[] sorted = [.. nanos.Order()];
        if (sorted.Length == 0)
            return new Latency(0, double.NaN, double.NaN, double.NaN, double.NaN);
        return new Latency(sorted.Length, At(0.5), At(0.99), At(0.999), sorted[^1] / 1e6);

        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)] / 1e6;
    }

    /// <summary>
    /// The anchor: the same trades, at the same rate, published on a core subject with no stream and read
    /// by one core subscriber on another connection, which decodes the receive time the way the gateway
    /// does (Cap'n Proto) and subtracts it from its own clock.
    /// </summary>
    public static async Task<Latency> AnchorAsync(NatsConnection publisher, NatsConnection subscriber, BenchFeed feed, double perSecond, TimeSpan warmUp, TimeSpan window, CancellationToken ct)
    {
        const string Subject = "bench.anchor.trades";
        var samples = new List<long>();
        var recording = false;
        var reader = new MessageReader();
        await using var sub = await subscriber.SubscribeCoreAsync<NatsMemoryOwner<byte>>(Subject, cancellationToken: ct);
        await subscriber.PingAsync(ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var msg in sub.Msgs.ReadAllAsync(stop.Token))
                {
                    var now = BenchFeed.NowNanos();
                    using var data = msg.Data;
                    reader.Load(data.Memory);
                    var receivedAt = Ssmd.Normalized.Trade.ReadRoot(reader).ReceiveTime;
                    if (Volatile.Read(ref recording))
                        samples.Add(now - receivedAt);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);

        var publishing = feed.PacedAsync(perSecond, Subject, stop.Token);
        await Task.Delay(warmUp, ct);
        Volatile.Write(ref recording, true);
        await Task.Delay(window, ct);
        Volatile.Write(ref recording, false);
        await stop.CancelAsync();
        await publishing;
        await reading;
        return Of(samples);
    }
}
