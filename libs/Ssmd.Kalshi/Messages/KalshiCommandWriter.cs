using System.Buffers;
using System.Text.Json;

namespace Ssmd.Kalshi.Messages;

/// <summary>Writes client commands (the connector's side). Always sends <c>use_yes_price</c> explicitly for order books.</summary>
public static class KalshiCommandWriter
{
    public static void WriteSubscribe(IBufferWriter<byte> output, long id, IEnumerable<string> channels, IEnumerable<string>? marketTickers, bool? useYesPrice = null, bool? sendInitialSnapshot = null)
    {
        using var w = Start(output, id, KalshiCommand.Subscribe);
        w.WriteStartArray("channels"u8);
        foreach (var c in channels)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        WriteTickers(w, marketTickers);
        if (useYesPrice is { } yes)
        {
            w.WriteBoolean("use_yes_price"u8, yes);
        }

        if (sendInitialSnapshot is { } snap)
        {
            w.WriteBoolean("send_initial_snapshot"u8, snap);
        }

        End(w);
    }

    public static void WriteUnsubscribe(IBufferWriter<byte> output, long id, IEnumerable<long> sids)
    {
        using var w = Start(output, id, KalshiCommand.Unsubscribe);
        w.WriteStartArray("sids"u8);
        foreach (var s in sids)
        {
            w.WriteNumberValue(s);
        }

        w.WriteEndArray();
        End(w);
    }

    /// <summary><paramref name="action"/>: <c>add_markets</c>, <c>delete_markets</c> or <c>get_snapshot</c>.</summary>
    public static void WriteUpdateSubscription(IBufferWriter<byte> output, long id, long sid, string action, IEnumerable<string> marketTickers)
    {
        using var w = Start(output, id, KalshiCommand.UpdateSubscription);
        w.WriteStartArray("sids"u8);
        w.WriteNumberValue(sid);
        w.WriteEndArray();
        w.WriteString("action"u8, action);
        WriteTickers(w, marketTickers);
        End(w);
    }

    public static void WriteListSubscriptions(IBufferWriter<byte> output, long id)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteNumber("id"u8, id);
        w.WriteString("cmd"u8, KalshiCommand.ListSubscriptions);
        w.WriteEndObject();
    }

    private static Utf8JsonWriter Start(IBufferWriter<byte> output, long id, string cmd)
    {
        var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteNumber("id"u8, id);
        w.WriteString("cmd"u8, cmd);
        w.WriteStartObject("params"u8);
        return w;
    }

    private static void End(Utf8JsonWriter w)
    {
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteTickers(Utf8JsonWriter w, IEnumerable<string>? tickers)
    {
        if (tickers is null)
        {
            return;
        }

        w.WriteStartArray("market_tickers"u8);
        foreach (var t in tickers)
        {
            w.WriteStringValue(t);
        }

        w.WriteEndArray();
    }
}
