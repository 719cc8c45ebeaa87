using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
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
    internal sealed class Anchor : IProbe
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

        private volatile bool _recording;

        public bool Recording
        {
            get => _recording;
            set => _recording = value;
        }

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

    /// <summary>What a paced run switches on for its measured window.</summary>
    internal interface IProbe : IAsyncDisposable
    {
        bool Recording { get; set; }
    }

    /// <summary>
    /// The JetStream hop alone: the same trades, stored in the normalized stream and read back by an
    /// ordered consumer (what the gateway's feed does) on a connection of its own, with no gateway client.
    /// Its latency is what any reader of the stream pays before the gateway does anything.
    /// </summary>
    internal sealed class StreamHop : IProbe
    {
        private readonly List<long> _samples = [];
        private readonly MessageReader _reader = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _reading;

        private StreamHop(INatsJSConsumer consumer) => _reading = Task.Run(() => ReadAsync(consumer));

        private volatile bool _recording;

        public bool Recording
        {
            get => _recording;
            set => _recording = value;
        }

        public static async Task<StreamHop> StartAsync(NatsConnection subscriber, string stream, CancellationToken ct)
        {
            var consumer = await new NatsJSContext(subscriber).CreateOrderedConsumerAsync(stream,
                new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.New }, ct);
            return new StreamHop(consumer);
        }

        public Latency Result() => Of(_samples);

        private async Task ReadAsync(INatsJSConsumer consumer)
        {
            try
            {
                await foreach (var msg in consumer.ConsumeAsync<NatsMemoryOwner<byte>>(cancellationToken: _stop.Token))
                {
                    var now = BenchFeed.NowNanos();
                    using var data = msg.Data;
                    if (!msg.Subject.Contains(".trade.", StringComparison.Ordinal))
                        continue;
                    _reader.Load(data.Memory);
                    var receivedAt = Ssmd.Normalized.Trade.ReadRoot(_reader).ReceiveTime;
                    if (Recording)
                        _samples.Add(now - receivedAt);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reading;
            _stop.Dispose();
        }
    }
}
