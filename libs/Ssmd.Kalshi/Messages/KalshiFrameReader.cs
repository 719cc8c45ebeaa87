using System.Text.Json;

namespace Ssmd.Kalshi.Messages;

/// <summary>
/// Parses server frames with a hand-written <see cref="Utf8JsonReader"/>: the envelope first (keeping a
/// copy of the reader at <c>msg</c>), then <c>msg</c> once <c>type</c> is known. Accepts today's shapes
/// and the legacy pre-2026-03 ones (integer cents and counts); unknown fields are skipped and counted.
/// </summary>
public static partial class KalshiFrameReader
{
    /// <summary>Parses one frame.</summary>
    /// <exception cref="KalshiProtocolException">Not JSON, not an object, or a known field has the wrong shape.</exception>
    public static KalshiFrame Read(ReadOnlySpan<byte> utf8)
    {
        string? typeName = null;
        long? sid = null, seq = null, id = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            Expect(ref reader, JsonTokenType.StartObject);
            Utf8JsonReader msgReader = default;
            var hasMsg = false;
            var unknown = 0;
            List<string>? topTickers = null;
            List<KalshiSubscriptionInfo>? topSubscriptions = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    typeName = reader.GetString();
                }
                else if (reader.ValueTextEquals("sid"u8))
                {
                    sid = ReadInt64(ref reader);
                }
                else if (reader.ValueTextEquals("seq"u8))
                {
                    seq = ReadInt64(ref reader);
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    id = ReadInt64(ref reader);
                }
                else if (reader.ValueTextEquals("msg"u8))
                {
                    reader.Read();
                    msgReader = reader;
                    hasMsg = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("market_tickers"u8))
                {
                    reader.Read();
                    topTickers = ReadStrings(ref reader);
                }
                else if (reader.ValueTextEquals("subscriptions"u8))
                {
                    reader.Read();
                    topSubscriptions = ReadSubscriptions(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                    unknown++;
                }
            }

            if (string.IsNullOrEmpty(typeName))
            {
                throw new KalshiProtocolException("Frame has no \"type\".", null, sid, seq);
            }

            var type = TypeOf(typeName);
            object? message;
            if (hasMsg)
            {
                message = ReadMessage(type, ref msgReader, ref unknown);
            }
            else
            {
                message = type switch
                {
                    KalshiMessageType.Subscribed => new KalshiSubscribed(null, sid),
                    KalshiMessageType.Ok => new KalshiOk(topTickers, topSubscriptions),
                    _ => null,
                };
            }

            if (message is KalshiOk { MarketTickers: null } ok && topTickers is not null)
            {
                message = ok with { MarketTickers = topTickers };
            }

            return new KalshiFrame(type, typeName, sid, seq, id, message) { UnknownFields = unknown };
        }
        catch (JsonException e)
        {
            throw new KalshiProtocolException($"Malformed Kalshi frame: {e.Message}", typeName, sid, seq, e);
        }
        catch (InvalidOperationException e)
        {
            throw new KalshiProtocolException($"Kalshi frame field of the wrong type: {e.Message}", typeName, sid, seq, e);
        }
        catch (FormatException e)
        {
            throw new KalshiProtocolException($"Kalshi frame field out of format: {e.Message}", typeName, sid, seq, e);
        }
    }

    /// <summary>Maps a <c>type</c> string to its enum value.</summary>
    public static KalshiMessageType TypeOf(string typeName) => typeName switch
    {
        "subscribed" => KalshiMessageType.Subscribed,
        "ok" => KalshiMessageType.Ok,
        "unsubscribed" => KalshiMessageType.Unsubscribed,
        "error" => KalshiMessageType.Error,
        "orderbook_snapshot" => KalshiMessageType.OrderbookSnapshot,
        "orderbook_delta" => KalshiMessageType.OrderbookDelta,
        "ticker" => KalshiMessageType.Ticker,
        "trade" => KalshiMessageType.Trade,
        "market_lifecycle_v2" => KalshiMessageType.MarketLifecycleV2,
        "event_lifecycle" => KalshiMessageType.EventLifecycle,
        _ => KalshiMessageType.Unknown,
    };

    private static object? ReadMessage(KalshiMessageType type, ref Utf8JsonReader reader, ref int unknown)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            // Only the list_subscriptions reply has an array msg.
            return type == KalshiMessageType.Ok ? new KalshiOk(null, ReadSubscriptions(ref reader)) : null;
        }

        return type switch
        {
            KalshiMessageType.OrderbookSnapshot => ReadSnapshot(ref reader, ref unknown),
            KalshiMessageType.OrderbookDelta => ReadDelta(ref reader, ref unknown),
            KalshiMessageType.Ticker => ReadTicker(ref reader, ref unknown),
            KalshiMessageType.Trade => ReadTrade(ref reader, ref unknown),
            KalshiMessageType.MarketLifecycleV2 => ReadLifecycle(ref reader, ref unknown),
            KalshiMessageType.EventLifecycle => ReadEventLifecycle(ref reader, ref unknown),
            KalshiMessageType.Subscribed => ReadSubscribed(ref reader, ref unknown),
            KalshiMessageType.Ok => ReadOk(ref reader, ref unknown),
            KalshiMessageType.Error => ReadError(ref reader, ref unknown),
            _ => null,
        };
    }

    private static KalshiSubscribed ReadSubscribed(ref Utf8JsonReader reader, ref int unknown)
    {
        string? channel = null;
        long? sid = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("channel"u8))
            {
                reader.Read();
                channel = reader.GetString();
            }
            else if (reader.ValueTextEquals("sid"u8))
            {
                sid = ReadInt64(ref reader);
            }
            else
            {
                SkipValue(ref reader, ref unknown);
            }
        }

        return new KalshiSubscribed(channel, sid);
    }

    private static KalshiOk ReadOk(ref Utf8JsonReader reader, ref int unknown)
    {
        List<string>? tickers = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("market_tickers"u8))
            {
                reader.Read();
                tickers = ReadStrings(ref reader);
            }
            else
            {
                SkipValue(ref reader, ref unknown);
            }
        }

        return new KalshiOk(tickers, null);
    }

    private static KalshiError ReadError(ref Utf8JsonReader reader, ref int unknown)
    {
        var code = 0;
        string? text = null, ticker = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("msg"u8))
            {
                reader.Read();
                text = reader.GetString();
            }
            else if (reader.ValueTextEquals("market_ticker"u8))
            {
                reader.Read();
                ticker = reader.GetString();
            }
            else
            {
                SkipValue(ref reader, ref unknown);
            }
        }

        return new KalshiError(code, text ?? "", ticker);
    }
}
