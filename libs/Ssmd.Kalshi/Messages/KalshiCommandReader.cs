using System.Text.Json;

namespace Ssmd.Kalshi.Messages;

/// <summary>Parses client commands (the server side of the protocol; the simulator uses it).</summary>
public static class KalshiCommandReader
{
    /// <summary>Parses one command frame.</summary>
    /// <exception cref="KalshiProtocolException">Not JSON or a field of the wrong type (Kalshi answers error 1).</exception>
    public static KalshiCommand Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new KalshiProtocolException("A command must be a JSON object.");
            }

            long id = 0;
            string? cmd = null;
            KalshiCommandParams? parameters = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("cmd"u8))
                {
                    reader.Read();
                    cmd = reader.GetString();
                }
                else if (reader.ValueTextEquals("params"u8))
                {
                    reader.Read();
                    parameters = reader.TokenType == JsonTokenType.Null ? null : ReadParams(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return new KalshiCommand(id, cmd, parameters);
        }
        catch (JsonException e)
        {
            throw new KalshiProtocolException($"Malformed command: {e.Message}", inner: e);
        }
        catch (InvalidOperationException e)
        {
            throw new KalshiProtocolException($"Command field of the wrong type: {e.Message}", inner: e);
        }
    }

    private static KalshiCommandParams ReadParams(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new KalshiProtocolException("params must be an object.");
        }

        var p = new KalshiCommandParams();
        List<string>? tickers = null;
        List<long>? sids = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("channels"u8))
            {
                reader.Read();
                p = p with { Channels = Strings(ref reader) };
            }
            else if (reader.ValueTextEquals("market_ticker"u8))
            {
                reader.Read();
                (tickers ??= []).Add(reader.GetString() ?? "");
            }
            else if (reader.ValueTextEquals("market_tickers"u8))
            {
                reader.Read();
                (tickers ??= []).AddRange(Strings(ref reader));
            }
            else if (reader.ValueTextEquals("sid"u8))
            {
                reader.Read();
                (sids ??= []).Add(reader.GetInt64());
            }
            else if (reader.ValueTextEquals("sids"u8))
            {
                reader.Read();
                sids ??= [];
                Expect(ref reader, JsonTokenType.StartArray);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    sids.Add(reader.GetInt64());
                }
            }
            else if (reader.ValueTextEquals("action"u8))
            {
                reader.Read();
                p = p with { Action = reader.GetString() };
            }
            else if (reader.ValueTextEquals("use_yes_price"u8))
            {
                reader.Read();
                p = p with { UseYesPrice = reader.GetBoolean() };
            }
            else if (reader.ValueTextEquals("send_initial_snapshot"u8))
            {
                reader.Read();
                p = p with { SendInitialSnapshot = reader.GetBoolean() };
            }
            else if (reader.ValueTextEquals("skip_ticker_ack"u8))
            {
                reader.Read();
                p = p with { SkipTickerAck = reader.GetBoolean() };
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return p with { MarketTickers = tickers, Sids = sids };
    }

    private static List<string> Strings(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.GetString() ?? throw new KalshiProtocolException("null in a string list"));
        }

        return list;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new KalshiProtocolException($"Expected {type} but found {reader.TokenType}.");
        }
    }
}
