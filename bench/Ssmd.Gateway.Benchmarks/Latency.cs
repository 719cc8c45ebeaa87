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
    /// The anchor, measured over the same trades in the same window as the gateway: each is also published
    /// on <see cref="Subject"/> (core NATS, no stream) and read by one core subscriber on its own
    /// connection, which decodes the receive time the way the gateway does (Cap'n Proto) and subtracts it
    /// from its own clock. A stall of the machine hits both alike.
    /// </summary>
    internal sealed class Anchor : IAsyncDisposable
    {
        public const string Subject = "bench.anchor.trades";

        private readonly List<long> _samples = [];
        private readonly MessageReader _reader = new();
        private readonly INatsSub<NatsMemoryOwner<byte>> _sub;
        private readonly Task _reading;

        private Anchor(INatsSub<NatsMemoryOwner<byte>> sub)
        {
            _sub = sub;
            _reading = Task.Run(ReadAsync);
        }

        public volatile bool Recording;

        public static async Task<Anchor> StartAsync(NatsConnection subscriber, CancellationToken ct)
        {
            var sub = await subscriber.SubscribeCoreAsync<NatsMemoryOwner<byte>>(Subject, cancellationToken: ct);
            await subscriber.PingAsync(ct);
            return new Anchor(sub);
        }

        public Latency Result() => Of(_samples);

        private async Task ReadAsync()
        {
            await foreach (var msg in _sub.Msgs.ReadAllAsync())
            {
                var now = BenchFeed.NowNanos();
                using var data = msg.Data;
                _reader.Load(data.Memory);
                var receivedAt = Ssmd.Normalized.Trade.ReadRoot(_reader).ReceiveTime;
                if (Recording)
                    _samples.Add(now - receivedAt);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _sub.UnsubscribeAsync();
            await _reading;
            await _sub.DisposeAsync();
        }
    }
}
