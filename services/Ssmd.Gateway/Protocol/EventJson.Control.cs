using Ssmd.Normalized;
using Ssmd.Normalized.Json;

namespace Ssmd.Gateway.Protocol;

internal static partial class EventJson
{
    private static readonly string[] StatusNames = ["unknown", "initialized", "active", "paused", "closed", "determined", "disputed", "amended", "settled"];

    private static readonly string[] EventNames =
        ["unknown", "created", "activated", "deactivated", "closeDateUpdated", "determined", "settled", "priceLevelStructureUpdated", "metadataUpdated", "statusSnapshot", "dataLoss"];

    private static readonly string[] ResultNames = ["unknown", "yes", "no", "scalar"];

    public static byte[] Status(in MarketStatus.Reader s, string ticker, long seq)
    {
        var scratch = JsonScratch.Rent();
        var w = scratch.Writer;
        Start(w, "status"u8, ticker, seq, Timestamp(s.ExchangeTime, s.ReceiveTime));
        w.WriteString("status"u8, Name(StatusNames, (int)s.Status));
        w.WriteString("event"u8, Name(EventNames, (int)s.Event));
        if (s.Event == LifecycleEvent.DataLoss)
            w.WriteString("lost"u8, s.RawEventType.Equals(DataLossMarkers.Book.AsSpan()) ? "book"u8 : "feed"u8);
        var details = s.Details;
        switch (details.Which)
        {
            case MarketStatus.Details.Which.Created:
                FixedPointJson.Write(w, "openTime"u8, details.Created.OpenTime, FixedPointJson.NanosAsMillisScale);
                FixedPointJson.Write(w, "closeTime"u8, details.Created.CloseTime, FixedPointJson.NanosAsMillisScale);
                break;
            case MarketStatus.Details.Which.CloseTime:
                FixedPointJson.Write(w, "closeTime"u8, details.CloseTime, FixedPointJson.NanosAsMillisScale);
                break;
            case MarketStatus.Details.Which.Paused:
                w.WriteBoolean("paused"u8, details.Paused);
                break;
            case MarketStatus.Details.Which.Determined:
                w.WriteString("result"u8, Name(ResultNames, (int)details.Determined.Result));
                if (details.Determined.SettlementValue >= 0)
                    FixedPointJson.Write(w, "settlementValue"u8, details.Determined.SettlementValue, FixedPointJson.PriceScale);
                break;
            case MarketStatus.Details.Which.SettledTime:
                FixedPointJson.Write(w, "settledTime"u8, details.SettledTime, FixedPointJson.NanosAsMillisScale);
                break;
        }

        w.WriteEndObject();
        return scratch.ToArray();
    }

    /// <summary>
    /// The gateway's own <c>dataLoss</c> status with <c>"lost":"book"</c>: the stream lost continuity under it (see
    /// <c>MarketRegistry.ForgetBooks</c>), so the market's book is not served until its next snapshot.
    /// </summary>
    public static byte[] BookLost(string ticker, long seq, Status status, long nowNanos)
    {
        var scratch = JsonScratch.Rent();
        var w = scratch.Writer;
        Start(w, "status"u8, ticker, seq, nowNanos);
        w.WriteString("status"u8, Name(StatusNames, (int)status));
        w.WriteString("event"u8, Name(EventNames, (int)LifecycleEvent.DataLoss));
        w.WriteString("lost"u8, "book"u8);
        w.WriteEndObject();
        return scratch.ToArray();
    }

    /// <summary>
    /// Events of <paramref name="ticker"/> with sequences <paramref name="fromSeq"/>..<paramref name="toSeq"/> were not
    /// delivered (the client's queue was full): <paramref name="trades"/> trades and <paramref name="statuses"/> status
    /// events among them. A fresh snapshot follows.
    /// </summary>
    public static byte[] Gap(string ticker, long seq, long fromSeq, long toSeq, int trades, int statuses)
    {
        var scratch = JsonScratch.Rent();
        var w = scratch.Writer;
        w.WriteStartObject();
        w.WriteString("type"u8, "gap"u8);
        w.WriteString("ticker"u8, ticker);
        w.WriteNumber("seq"u8, seq);
        w.WriteNumber("fromSeq"u8, fromSeq);
        w.WriteNumber("toSeq"u8, toSeq);
        w.WriteNumber("trades"u8, trades);
        w.WriteNumber("statuses"u8, statuses);
        w.WriteString("reason"u8, "slow_consumer"u8);
        w.WriteEndObject();
        return scratch.ToArray();
    }

    public static byte[] Error(string code, string message, long? id = null, IReadOnlyList<string>? symbols = null)
    {
        var scratch = JsonScratch.Rent();
        var w = scratch.Writer;
        w.WriteStartObject();
        w.WriteString("type"u8, "error"u8);
        w.WriteString("code"u8, code);
        w.WriteString("message"u8, message);
        if (id is { } value)
            w.WriteNumber("id"u8, value);
        if (symbols is { Count: > 0 })
        {
            w.WriteStartArray("symbols"u8);
            foreach (var symbol in symbols)
                w.WriteStringValue(symbol);
            w.WriteEndArray();
        }

        w.WriteEndObject();
        return scratch.ToArray();
    }

    /// <summary>
    /// The answer to a subscribe or unsubscribe: the symbols it changed, and every symbol now subscribed; for a
    /// subscribe, <paramref name="pending"/> the symbols whose book is not known yet (their snapshot comes later).
    /// </summary>
    public static byte[] Subscription(EventKind kind, IReadOnlyList<string> symbols, int subscribedCount, long? id, IReadOnlyList<string>? pending = null)
    {
        var scratch = JsonScratch.Rent();
        var w = scratch.Writer;
        w.WriteStartObject();
        w.WriteString("type"u8, kind.Name());
        if (id is { } value)
            w.WriteNumber("id"u8, value);
        w.WriteStartArray("symbols"u8);
        foreach (var symbol in symbols)
            w.WriteStringValue(symbol);
        w.WriteEndArray();
        w.WriteNumber("subscribed"u8, subscribedCount);
        if (pending is { Count: > 0 })
        {
            w.WriteStartArray("pending"u8);
            foreach (var symbol in pending)
                w.WriteStringValue(symbol);
            w.WriteEndArray();
        }

        w.WriteEndObject();
        return scratch.ToArray();
    }

    private static string Name(string[] names, int index) => (uint)index < (uint)names.Length ? names[index] : "unknown";
}
