using System.Text.Json;
using Ssmd.Gateway.Books;
using Ssmd.Normalized;
using Ssmd.Normalized.Json;

namespace Ssmd.Gateway.Protocol;

/// <summary>
/// The JSON of every event the gateway sends (README "Events"). Prices and sizes are exact decimals,
/// <c>ts</c> is the exchange time in Unix milliseconds (the connector's receive time when the exchange
/// sent none), <c>seq</c> the gateway's per-market sequence.
/// </summary>
internal static partial class EventJson
{
    public static byte[] Trade(in Trade.Reader trade, string ticker, long seq)
    {
        var scratch = JsonScratch.Rent();
        var w = scratch.Writer;
        Start(w, "trade"u8, ticker, seq, Timestamp(trade.ExchangeTime, trade.ReceiveTime));
        FixedPointJson.Write(w, "price"u8, trade.Price, FixedPointJson.PriceScale);
        FixedPointJson.Write(w, "size"u8, trade.Size, FixedPointJson.SizeScale);
        // In YES terms: a taker long YES bought, a taker long NO sold YES.
        w.WriteString("side"u8, trade.TakerSide switch { Side.Yes => "buy"u8, Side.No => "sell"u8, _ => "unknown"u8 });
        w.WriteString("tradeId"u8, trade.TradeId.Span);
        if (trade.IsBlockTrade)
            w.WriteBoolean("block"u8, true);
        w.WriteEndObject();
        return scratch.ToArray();
    }

    /// <summary>A whole book (<c>"snapshot":true</c>): the client replaces what it has; <paramref name="depth"/> levels a side at most.</summary>
    public static byte[] Snapshot(OrderBook book, string ticker, long seq, long ts, int depth = int.MaxValue)
    {
        var scratch = JsonScratch.Rent();
        var w = scratch.Writer;
        Start(w, "orderbook"u8, ticker, seq, ts);
        w.WriteBoolean("snapshot"u8, true);
        Levels(w, "bids"u8, book.Bids, depth);
        Levels(w, "asks"u8, book.Asks, depth);
        w.WriteEndObject();
        return scratch.ToArray();
    }

    /// <summary>One changed level (<c>"snapshot":false</c>): the size is the level's new total, 0 when it is gone.</summary>
    public static byte[] Update(bool bid, long price, long size, string ticker, long seq, long ts)
    {
        var scratch = JsonScratch.Rent();
        var w = scratch.Writer;
        Start(w, "orderbook"u8, ticker, seq, ts);
        w.WriteBoolean("snapshot"u8, false);
        w.WriteStartArray("bids"u8);
        if (bid)
            Level(w, price, size);
        w.WriteEndArray();
        w.WriteStartArray("asks"u8);
        if (!bid)
            Level(w, price, size);
        w.WriteEndArray();
        w.WriteEndObject();
        return scratch.ToArray();
    }

    public static byte[] Ticker(in Ticker.Reader t, string ticker, long seq)
    {
        var scratch = JsonScratch.Rent();
        var w = scratch.Writer;
        Start(w, "ticker"u8, ticker, seq, Timestamp(t.ExchangeTime, t.ReceiveTime));
        FixedPointJson.Write(w, "bid"u8, t.BidPrice, FixedPointJson.PriceScale);
        FixedPointJson.Write(w, "bidSize"u8, t.BidSize, FixedPointJson.SizeScale);
        FixedPointJson.Write(w, "ask"u8, t.AskPrice, FixedPointJson.PriceScale);
        FixedPointJson.Write(w, "askSize"u8, t.AskSize, FixedPointJson.SizeScale);
        FixedPointJson.Write(w, "last"u8, t.LastPrice, FixedPointJson.PriceScale);
        FixedPointJson.Write(w, "lastSize"u8, t.LastTradeSize, FixedPointJson.SizeScale);
        FixedPointJson.Write(w, "volume"u8, t.Volume, FixedPointJson.SizeScale);
        FixedPointJson.Write(w, "openInterest"u8, t.OpenInterest, FixedPointJson.SizeScale);
        w.WriteNumber("dollarVolume"u8, t.DollarVolume);
        w.WriteNumber("dollarOpenInterest"u8, t.DollarOpenInterest);
        w.WriteEndObject();
        return scratch.ToArray();
    }

    /// <summary>The exchange time when it sent one, else the connector's receive time (Kalshi snapshots carry none).</summary>
    public static long Timestamp(long exchangeTime, long receiveTime) => exchangeTime != 0 ? exchangeTime : receiveTime;

    /// <summary>Now, Unix nanoseconds (the gateway's own events, and delivery latency).</summary>
    public static long NowNanos() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    private static void Start(Utf8JsonWriter w, ReadOnlySpan<byte> type, string ticker, long seq, long ts)
    {
        w.WriteStartObject();
        w.WriteString("type"u8, type);
        w.WriteString("ticker"u8, ticker);
        w.WriteNumber("seq"u8, seq);
        FixedPointJson.Write(w, "ts"u8, ts, FixedPointJson.NanosAsMillisScale);
    }

    private static void Levels(Utf8JsonWriter w, ReadOnlySpan<byte> name, SortedDictionary<long, long> side, int depth)
    {
        w.WriteStartArray(name);
        var n = 0;
        foreach (var (price, size) in side)
        {
            if (n++ >= depth)
                break;
            Level(w, price, size);
        }

        w.WriteEndArray();
    }

    private static void Level(Utf8JsonWriter w, long price, long size)
    {
        w.WriteStartArray();
        FixedPointJson.Write(w, price, FixedPointJson.PriceScale);
        FixedPointJson.Write(w, size, FixedPointJson.SizeScale);
        w.WriteEndArray();
    }
}
