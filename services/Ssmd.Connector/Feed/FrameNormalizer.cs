using System.Buffers;
using Ssmd.Capnp;
using Ssmd.Connector.Publishing;
using Ssmd.Kalshi;
using Ssmd.Kalshi.Messages;
using Ssmd.Normalized;
using Ssmd.Streams;

namespace Ssmd.Connector.Feed;

/// <summary>
/// Turns parsed Kalshi frames into ssmd's normalized Cap'n Proto events (schemas/ssmd.capnp), each in a
/// pooled buffer attached to the frame. One per connection: it reuses one message builder and caches
/// subjects per ticker. Prices stay integers of 0.0001 $, sizes of 0.01 contract; books are YES terms.
/// </summary>
internal sealed partial class FrameNormalizer(string feed)
{
    private readonly MessageBuilder _builder = new();
    private readonly Dictionary<string, string[]> _subjects = new(StringComparer.Ordinal);

    /// <summary>An orderbook snapshot: the whole book after it (bids best first, asks best first).</summary>
    public void Snapshot(OutboundFrame frame, string messageId, KalshiOrderbookSnapshot snapshot, KalshiBook book, long seq)
    {
        _builder.Reset();
        var update = OrderBookUpdate.InitRoot(_builder);
        var s = update.InitSnapshot();
        s.SetTicker(snapshot.MarketTicker);
        s.ReceiveTime = frame.ReceiveNanoseconds;
        s.Sequence = (ulong)seq;
        var bids = s.InitBids(book.Yes.Count);
        for (var i = 0; i < book.Yes.Count; i++)
        {
            var level = book.Yes.FromBest(i);
            var b = bids[i];
            b.Price = level.Price.Units;
            b.Size = level.Size.Units;
        }

        var asks = s.InitAsks(book.No.Count);
        for (var i = 0; i < book.No.Count; i++)
        {
            var level = book.No.FromBest(i);
            var a = asks[i];
            a.Price = level.Price.Complement.Units;
            a.Size = level.Size.Units;
        }

        if (!string.IsNullOrEmpty(snapshot.MarketId))
            s.SetMarketId(snapshot.MarketId);
        Attach(frame, NormalizedKind.Orderbook, snapshot.MarketTicker, messageId, 0);
    }

    /// <summary>One level change, with the size the level holds after it.</summary>
    public void Delta(OutboundFrame frame, string messageId, KalshiOrderbookDelta delta, KalshiSize newSize, bool yesPrices, long seq)
    {
        _builder.Reset();
        var update = OrderBookUpdate.InitRoot(_builder);
        var d = update.InitDelta();
        d.SetTicker(delta.MarketTicker);
        var exchangeNs = Nanoseconds(delta.TsMs, null);
        d.ExchangeTime = exchangeNs;
        d.ReceiveTime = frame.ReceiveNanoseconds;
        d.Sequence = (ulong)seq;
        if (delta.Side == KalshiSide.Yes)
        {
            d.Side = BookSide.Bid;
            d.Price = delta.Price.Units;
        }
        else
        {
            d.Side = BookSide.Ask;
            d.Price = yesPrices ? delta.Price.Units : delta.Price.Complement.Units;
        }

        d.Delta = delta.Delta.Units;
        d.NewSize = newSize.Units;
        if (!string.IsNullOrEmpty(delta.MarketId))
            d.SetMarketId(delta.MarketId);
        Attach(frame, NormalizedKind.Orderbook, delta.MarketTicker, messageId, exchangeNs);
    }

    /// <summary>A trade; its message id is its <c>trade_id</c>, so a trade published twice (live and backfilled) is stored once.</summary>
    public void Trade(OutboundFrame frame, KalshiTrade trade, long seq)
    {
        _builder.Reset();
        var t = Normalized.Trade.InitRoot(_builder);
        t.SetTicker(trade.MarketTicker);
        var exchangeNs = Nanoseconds(trade.TsMs, trade.Ts);
        t.ExchangeTime = exchangeNs;
        t.ReceiveTime = frame.ReceiveNanoseconds;
        t.Sequence = (ulong)seq;
        t.SetTradeId(trade.TradeId);
        t.Price = trade.YesPrice.Units;
        t.Size = trade.Count.Units;
        t.TakerSide = TakerSide(trade);
        t.IsBlockTrade = trade.IsBlockTrade ?? false;
        Attach(frame, NormalizedKind.Trade, trade.MarketTicker, TradeMessageId(trade.TradeId), exchangeNs);
        frame.TradeId = trade.TradeId;
    }

    /// <summary>A trade recovered from REST after a gap (no frame, no sequence).</summary>
    public void Trade(OutboundFrame frame, global::Ssmd.Kalshi.Rest.KalshiRestTrade trade)
    {
        _builder.Reset();
        var t = Normalized.Trade.InitRoot(_builder);
        t.SetTicker(trade.Ticker);
        var exchangeNs = (trade.CreatedTime.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        t.ExchangeTime = exchangeNs;
        t.ReceiveTime = frame.ReceiveNanoseconds;
        t.SetTradeId(trade.TradeId);
        t.Price = trade.YesPriceDollars.Units;
        t.Size = trade.CountFp.Units;
        // A default side would be a guess: the outcome side, else its deprecated twin, else unknown (as for a frame).
        t.TakerSide = (trade.TakerOutcomeSide ?? trade.TakerSide) switch { "yes" => Side.Yes, "no" => Side.No, _ => Side.Unknown };
        t.IsBlockTrade = trade.IsBlockTrade;
        Attach(frame, NormalizedKind.Trade, trade.Ticker, TradeMessageId(trade.TradeId), exchangeNs);
    }

    /// <summary>The <c>Nats-Msg-Id</c> of a normalized trade.</summary>
    public static string TradeMessageId(string tradeId) => "trade:" + tradeId;

    /// <summary>A top-of-book summary. Kalshi's "no bid" is 0 / 0 and "no ask" 1.0000 / 0.</summary>
    public void Ticker(OutboundFrame frame, string messageId, KalshiTicker ticker)
    {
        _builder.Reset();
        var t = Normalized.Ticker.InitRoot(_builder);
        t.SetTicker(ticker.MarketTicker);
        var exchangeNs = Nanoseconds(ticker.TsMs, ticker.Ts);
        t.ExchangeTime = exchangeNs;
        t.ReceiveTime = frame.ReceiveNanoseconds;
        t.BidPrice = ticker.YesBid?.Units ?? 0;
        t.BidSize = ticker.YesBidSize?.Units ?? 0;
        t.AskPrice = ticker.YesAsk?.Units ?? KalshiPrice.Scale;
        t.AskSize = ticker.YesAskSize?.Units ?? 0;
        t.LastPrice = ticker.Price?.Units ?? 0;
        t.LastTradeSize = ticker.LastTradeSize?.Units ?? 0;
        t.Volume = ticker.Volume?.Units ?? 0;
        t.OpenInterest = ticker.OpenInterest?.Units ?? 0;
        t.DollarVolume = ticker.DollarVolume ?? 0;
        t.DollarOpenInterest = ticker.DollarOpenInterest ?? 0;
        if (!string.IsNullOrEmpty(ticker.MarketId))
            t.SetMarketId(ticker.MarketId);
        Attach(frame, NormalizedKind.Ticker, ticker.MarketTicker, messageId, exchangeNs);
    }

    // Copies the built message into a pooled buffer owned by the frame.
    private void Attach(OutboundFrame frame, NormalizedKind kind, string ticker, string messageId, long exchangeNs)
    {
        var length = _builder.FramedLength;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        _builder.WriteTo(buffer);
        frame.Add(new NormalizedMessage(Subject(kind, ticker), buffer, length, messageId, exchangeNs));
    }

    private string Subject(NormalizedKind kind, string ticker)
    {
        if (!_subjects.TryGetValue(ticker, out var subjects))
        {
            // Bounded by the markets seen in a day; a connector restarts daily.
            subjects = new string[SsmdSubjects.KindTokens.Count];
            _subjects[ticker] = subjects;
        }

        return subjects[(int)kind] ??= SsmdSubjects.Normalized(feed, kind, ticker);
    }

    private static Side TakerSide(KalshiTrade trade) => trade.TakerOutcomeSide switch
    {
        KalshiSide.Yes => Side.Yes,
        KalshiSide.No => Side.No,
        _ => trade.TakerSide switch { "yes" => Side.Yes, "no" => Side.No, _ => Side.Unknown },
    };

    /// <summary>Exchange time in Unix ns from <c>ts_ms</c>, else <c>ts</c> (seconds), else 0.</summary>
    internal static long Nanoseconds(long? milliseconds, long? seconds) =>
        milliseconds is { } ms ? ms * 1_000_000 : seconds is { } s ? s * 1_000_000_000 : 0;
}
