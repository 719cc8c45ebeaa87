using System.Buffers;
using System.Text.Json;

namespace Ssmd.Kalshi.Messages;

public static partial class KalshiFrameWriter
{
    /// <summary><c>{"type":"subscribed","id":N,"msg":{"channel":C,"sid":S}}</c> (no <c>seq</c>, as on the wire).</summary>
    public static void WriteSubscribed(IBufferWriter<byte> output, long id, string channel, long sid)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "subscribed"u8);
        writer.WriteNumber("id"u8, id);
        writer.WriteStartObject("msg"u8);
        writer.WriteString("channel"u8, channel);
        writer.WriteNumber("sid"u8, sid);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary><c>ok</c> for an update: the subscription's full market list (left out with <c>skip_ticker_ack</c>).</summary>
    public static void WriteOk(IBufferWriter<byte> output, long id, long sid, long seq, IEnumerable<string>? marketTickers)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "ok"u8);
        writer.WriteNumber("id"u8, id);
        writer.WriteNumber("sid"u8, sid);
        writer.WriteNumber("seq"u8, seq);
        writer.WriteStartObject("msg"u8);
        if (marketTickers is not null)
        {
            writer.WriteStartArray("market_tickers"u8);
            foreach (var ticker in marketTickers)
            {
                writer.WriteStringValue(ticker);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The <c>list_subscriptions</c> reply: <c>msg</c> is an array of <c>{channel, sid}</c>.</summary>
    public static void WriteSubscriptionList(IBufferWriter<byte> output, long id, IEnumerable<KalshiSubscriptionInfo> subscriptions)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "ok"u8);
        writer.WriteNumber("id"u8, id);
        writer.WriteStartArray("msg"u8);
        foreach (var s in subscriptions)
        {
            writer.WriteStartObject();
            writer.WriteString("channel"u8, s.Channel);
            writer.WriteNumber("sid"u8, s.Sid);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary><c>{"type":"unsubscribed","id":N,"sid":S,"seq":Q}</c>.</summary>
    public static void WriteUnsubscribed(IBufferWriter<byte> output, long id, long sid, long seq) =>
        WriteEnvelope(output, "unsubscribed"u8, sid, seq, id, default);

    /// <summary><c>error</c>; <paramref name="sid"/>/<paramref name="seq"/> only on subscription-scoped errors.</summary>
    public static void WriteError(IBufferWriter<byte> output, long? id, int code, long? sid = null, long? seq = null, string? marketTicker = null)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "error"u8);
        if (id is { } idValue)
        {
            writer.WriteNumber("id"u8, idValue);
        }

        if (sid is { } sidValue)
        {
            writer.WriteNumber("sid"u8, sidValue);
        }

        if (seq is { } seqValue)
        {
            writer.WriteNumber("seq"u8, seqValue);
        }

        writer.WriteStartObject("msg"u8);
        writer.WriteNumber("code"u8, code);
        writer.WriteString("msg"u8, KalshiErrorCodes.Text(code));
        if (marketTicker is not null)
        {
            writer.WriteString("market_ticker"u8, marketTicker);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
