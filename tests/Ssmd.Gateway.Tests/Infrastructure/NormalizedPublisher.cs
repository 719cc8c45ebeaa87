using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Capnp;
using Ssmd.Environments;
using Ssmd.Normalized;
using Ssmd.Streams;

namespace Ssmd.Gateway.Tests.Infrastructure;

/// <summary>Publishes hand-made normalized messages into the environment's stream, as the connector would.</summary>
internal sealed class NormalizedPublisher(INatsJSContext js, SsmdEnvironment environment)
{
    private readonly MessageBuilder _builder = new();
    private long _ids;

    public string Feed => environment.Feed.Exchange;

    public static async Task<NormalizedPublisher> CreateAsync(INatsConnection nats, string environmentPath, CancellationToken ct)
    {
        var environment = SsmdEnvironmentLoader.Load(environmentPath);
        var js = new NatsJSContext((NatsConnection)nats);
        await SsmdStreams.EnsureAsync(js, environment, ct);
        return new NormalizedPublisher(js, environment);
    }

    /// <summary>Deletes the normalized stream and creates it again, empty (an operator's `nats stream rm`, a lost volume).</summary>
    public async Task RecreateStreamAsync(CancellationToken ct)
    {
        await js.DeleteStreamAsync(environment.Transport.Nats.NormalizedStream.Name, ct);
        await SsmdStreams.EnsureAsync(js, environment, ct);
    }

    /// <summary>Publishes <paramref name="payload"/> on any subject of the stream, as something other than the connector might.</summary>
    public async Task<ulong> PublishRawAsync(string subject, byte[] payload, CancellationToken ct)
    {
        var ack = await js.PublishAsync(subject, payload, cancellationToken: ct);
        ack.EnsureSuccess();
        return ack.Seq;
    }

    public Task<ulong> SnapshotAsync(string ticker, (long Price, long Size)[] bids, (long Price, long Size)[] asks)
    {
        _builder.Reset();
        var s = OrderBookUpdate.InitRoot(_builder).InitSnapshot();
        s.SetTicker(ticker);
        s.ReceiveTime = Now();
        var b = s.InitBids(bids.Length);
        for (var i = 0; i < bids.Length; i++)
        {
            var level = b[i];
            level.Price = bids[i].Price;
            level.Size = bids[i].Size;
        }

        var a = s.InitAsks(asks.Length);
        for (var i = 0; i < asks.Length; i++)
        {
            var level = a[i];
            level.Price = asks[i].Price;
            level.Size = asks[i].Size;
        }

        return PublishAsync(NormalizedKind.Orderbook, ticker);
    }

    public Task<ulong> DeltaAsync(string ticker, bool bid, long price, long delta, long newSize)
    {
        _builder.Reset();
        var d = OrderBookUpdate.InitRoot(_builder).InitDelta();
        d.SetTicker(ticker);
        d.ReceiveTime = Now();
        d.ExchangeTime = Now();
        d.Side = bid ? BookSide.Bid : BookSide.Ask;
        d.Price = price;
        d.Delta = delta;
        d.NewSize = newSize;
        return PublishAsync(NormalizedKind.Orderbook, ticker);
    }

    public Task<ulong> TradeAsync(string ticker, string tradeId, long price, long size, Side side = Side.Yes)
    {
        _builder.Reset();
        var t = Trade.InitRoot(_builder);
        t.SetTicker(ticker);
        t.SetTradeId(tradeId);
        t.ReceiveTime = Now();
        t.ExchangeTime = 1_764_000_000_123_456_789;
        t.Price = price;
        t.Size = size;
        t.TakerSide = side;
        return PublishAsync(NormalizedKind.Trade, ticker);
    }

    public Task<ulong> TickerAsync(string ticker, long volume)
    {
        _builder.Reset();
        var t = Ticker.InitRoot(_builder);
        t.SetTicker(ticker);
        t.ReceiveTime = Now();
        t.ExchangeTime = Now();
        (t.BidPrice, t.BidSize, t.AskPrice, t.AskSize) = (5000, 100, 6000, 100);
        t.Volume = volume;
        return PublishAsync(NormalizedKind.Ticker, ticker);
    }

    public Task<ulong> StatusAsync(string ticker, Status status, LifecycleEvent lifecycleEvent, string rawEventType = "")
    {
        _builder.Reset();
        var m = MarketStatus.InitRoot(_builder);
        m.SetTicker(ticker);
        m.ReceiveTime = Now();
        m.Status = status;
        m.Event = lifecycleEvent;
        m.SetRawEventType(rawEventType);
        return PublishAsync(NormalizedKind.Status, ticker);
    }

    /// <summary>Publishes <paramref name="count"/> trades over <paramref name="tickers"/> markets with many acks in flight (far faster than one by one); returns the last sequence.</summary>
    public async Task<ulong> BurstOfTradesAsync(int count, int tickers, CancellationToken ct)
    {
        ulong last = 0;
        var pending = new List<Task<PubAckResponse>>(1_000);
        for (var i = 0; i < count; i++)
        {
            _builder.Reset();
            var ticker = $"KXBURST-{i % tickers}";
            var t = Trade.InitRoot(_builder);
            t.SetTicker(ticker);
            t.SetTradeId($"burst-{i}");
            t.ReceiveTime = Now();
            t.ExchangeTime = Now();
            t.Price = 100 + (i % 9_800);
            t.Size = 100 + i;
            t.TakerSide = Side.Yes;
            pending.Add(js.PublishAsync(SsmdSubjects.Normalized(Feed, NormalizedKind.Trade, ticker), _builder.ToArray(),
                opts: new NatsJSPubOpts { MsgId = $"burst:{i}" }, cancellationToken: ct).AsTask());
            if (pending.Count == 1_000 || i == count - 1)
            {
                foreach (var ack in await Task.WhenAll(pending))
                {
                    ack.EnsureSuccess();
                    last = Math.Max(last, ack.Seq);
                }

                pending.Clear();
            }
        }

        return last;
    }

    private async Task<ulong> PublishAsync(NormalizedKind kind, string ticker)
    {
        var ack = await js.PublishAsync(SsmdSubjects.Normalized(Feed, kind, ticker), _builder.ToArray(),
            opts: new NatsJSPubOpts { MsgId = $"test:{Interlocked.Increment(ref _ids)}:{Guid.NewGuid():N}" }, cancellationToken: TestContext.Current.CancellationToken);
        ack.EnsureSuccess();
        return ack.Seq;
    }

    private static long Now() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
