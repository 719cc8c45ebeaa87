using System.Buffers;
using System.Text.Json;
using Ssmd.Capnp;
using Ssmd.Normalized;
using Ssmd.Normalized.Json;
using Ssmd.Storage;
using Ssmd.Streams;

namespace Ssmd.Archiver.Tools;

/// <summary>
/// One archived normalized event as one JSON line for <c>read normalized</c>: every field of its Cap'n Proto
/// message under the schema's own names (<c>schemas/ssmd.capnp</c>), prices and sizes as exact decimals
/// (dollars, contracts), times as Unix nanoseconds, enums by name.
/// </summary>
internal sealed class NormalizedEventJson
{
    private readonly MessageReader _reader = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public NormalizedEventJson() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>The event's line (UTF-8, no newline); valid until the next call.</summary>
    /// <exception cref="CapnpFormatException">The stored bytes are not a valid message of the event's kind.</exception>
    public ReadOnlyMemory<byte> Write(NormalizedArchiveEvent e)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _reader.Load(e.Message);
        var w = _writer;
        w.WriteStartObject();
        w.WriteString("kind"u8, SsmdSubjects.KindToken(e.Kind));
        switch (e.Kind)
        {
            case NormalizedKind.Trade:
                WriteTrade(w, Trade.ReadRoot(_reader));
                break;
            case NormalizedKind.Orderbook:
                WriteBook(w, OrderBookUpdate.ReadRoot(_reader));
                break;
            case NormalizedKind.Ticker:
                WriteTicker(w, Ticker.ReadRoot(_reader));
                break;
            case NormalizedKind.Status:
                WriteStatus(w, MarketStatus.ReadRoot(_reader));
                break;
        }

        w.WriteEndObject();
        w.Flush();
        return _buffer.WrittenMemory;
    }

    /// <summary>The event's line with its message undecoded, in base64 (<c>--format capnp</c>); valid until the next call.</summary>
    public ReadOnlyMemory<byte> WriteEncoded(NormalizedArchiveEvent e)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteString("kind"u8, SsmdSubjects.KindToken(e.Kind));
        _writer.WriteString("ticker"u8, e.Ticker);
        _writer.WriteNumber("receiveTime"u8, e.ReceiveTime);
        _writer.WriteBase64String("capnp"u8, e.Message);
        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenMemory;
    }

    private static void WriteTrade(Utf8JsonWriter w, Trade.Reader t)
    {
        Common(w, t.Ticker, t.ExchangeTime, t.ReceiveTime, t.Sequence);
        w.WriteString("tradeId"u8, t.TradeId.Span);
        Price(w, "price"u8, t.Price);
        Size(w, "size"u8, t.Size);
        w.WriteString("takerSide"u8, SchemaNames.Of(t.TakerSide));
        w.WriteBoolean("isBlockTrade"u8, t.IsBlockTrade);
    }

    private static void WriteBook(Utf8JsonWriter w, OrderBookUpdate.Reader update)
    {
        if (update.Which == OrderBookUpdate.Which.Snapshot)
        {
            var s = update.Snapshot;
            Common(w, s.Ticker, s.ExchangeTime, s.ReceiveTime, s.Sequence);
            w.WriteString("update"u8, "snapshot"u8);
            Levels(w, "bids"u8, s.Bids);
            Levels(w, "asks"u8, s.Asks);
            w.WriteString("marketId"u8, s.MarketId.Span);
        }
        else
        {
            var d = update.Delta;
            Common(w, d.Ticker, d.ExchangeTime, d.ReceiveTime, d.Sequence);
            w.WriteString("update"u8, "delta"u8);
            w.WriteString("side"u8, SchemaNames.Of(d.Side));
            Price(w, "price"u8, d.Price);
            Size(w, "delta"u8, d.Delta);
            Size(w, "newSize"u8, d.NewSize);
            w.WriteString("marketId"u8, d.MarketId.Span);
        }
    }

    private static void WriteTicker(Utf8JsonWriter w, Ticker.Reader t)
    {
        Common(w, t.Ticker, t.ExchangeTime, t.ReceiveTime, sequence: null);
        Price(w, "bidPrice"u8, t.BidPrice);
        Size(w, "bidSize"u8, t.BidSize);
        Price(w, "askPrice"u8, t.AskPrice);
        Size(w, "askSize"u8, t.AskSize);
        Price(w, "lastPrice"u8, t.LastPrice);
        Size(w, "lastTradeSize"u8, t.LastTradeSize);
        Size(w, "volume"u8, t.Volume);
        Size(w, "openInterest"u8, t.OpenInterest);
        w.WriteNumber("dollarVolume"u8, t.DollarVolume);
        w.WriteNumber("dollarOpenInterest"u8, t.DollarOpenInterest);
        w.WriteString("marketId"u8, t.MarketId.Span);
    }

    private static void WriteStatus(Utf8JsonWriter w, MarketStatus.Reader s)
    {
        Common(w, s.Ticker, s.ExchangeTime, s.ReceiveTime, s.Sequence);
        w.WriteString("status"u8, SchemaNames.Of(s.Status));
        w.WriteString("event"u8, SchemaNames.Of(s.Event));
        w.WriteString("rawEventType"u8, s.RawEventType.Span);
        var details = s.Details;
        switch (details.Which)
        {
            case MarketStatus.Details.Which.Created:
                var created = details.Created;
                w.WriteNumber("openTime"u8, created.OpenTime);
                w.WriteNumber("closeTime"u8, created.CloseTime);
                w.WriteString("eventTicker"u8, created.EventTicker.Span);
                w.WriteString("title"u8, created.Title.Span);
                break;
            case MarketStatus.Details.Which.CloseTime:
                w.WriteNumber("closeTime"u8, details.CloseTime);
                break;
            case MarketStatus.Details.Which.Paused:
                w.WriteBoolean("paused"u8, details.Paused);
                break;
            case MarketStatus.Details.Which.Determined:
                var determined = details.Determined;
                w.WriteString("result"u8, SchemaNames.Of(determined.Result));
                // -1: the exchange sent none.
                if (determined.SettlementValue >= 0)
                    Price(w, "settlementValue"u8, determined.SettlementValue);
                w.WriteNumber("determinationTime"u8, determined.DeterminationTime);
                break;
            case MarketStatus.Details.Which.SettledTime:
                w.WriteNumber("settledTime"u8, details.SettledTime);
                break;
        }
    }

    private static void Common(Utf8JsonWriter w, Text ticker, long exchangeTime, long receiveTime, ulong? sequence)
    {
        w.WriteString("ticker"u8, ticker.Span);
        w.WriteNumber("exchangeTime"u8, exchangeTime);
        w.WriteNumber("receiveTime"u8, receiveTime);
        if (sequence is { } value)
            w.WriteNumber("sequence"u8, value);
    }

    private static void Levels(Utf8JsonWriter w, ReadOnlySpan<byte> name, StructList<Level.Reader> levels)
    {
        w.WriteStartArray(name);
        foreach (var level in levels)
        {
            w.WriteStartArray();
            FixedPointJson.Write(w, level.Price, FixedPointJson.PriceScale);
            FixedPointJson.Write(w, level.Size, FixedPointJson.SizeScale);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static void Price(Utf8JsonWriter w, ReadOnlySpan<byte> name, long units) => FixedPointJson.Write(w, name, units, FixedPointJson.PriceScale);

    private static void Size(Utf8JsonWriter w, ReadOnlySpan<byte> name, long units) => FixedPointJson.Write(w, name, units, FixedPointJson.SizeScale);
}
