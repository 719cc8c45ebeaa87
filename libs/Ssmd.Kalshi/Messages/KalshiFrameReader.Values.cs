using System.Text.Json;

namespace Ssmd.Kalshi.Messages;

public static partial class KalshiFrameReader
{
    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new KalshiProtocolException($"Expected {type} but found {reader.TokenType}.");
        }
    }

    private static void SkipValue(ref Utf8JsonReader reader, ref int unknown)
    {
        reader.Read();
        reader.Skip();
        unknown++;
    }

    private static long? ReadInt64(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
    }

    private static bool? ReadBool(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : reader.GetBoolean();
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
    }

    /// <summary>A <c>*_dollars</c> string; <c>""</c> and null mean "no value" (a never-traded market in 2025 captures).</summary>
    private static KalshiPrice? ReadPrice(ref Utf8JsonReader reader)
    {
        reader.Read();
        return PriceValue(ref reader);
    }

    private static KalshiPrice? PriceValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.Number)
        {
            return KalshiPrice.FromCents(reader.GetInt64());
        }

        var span = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        if (span.IsEmpty)
        {
            return null;
        }

        return KalshiPrice.TryParse(span, out var price)
            ? price
            : throw new FormatException($"\"{System.Text.Encoding.UTF8.GetString(span)}\" is not a dollar amount");
    }

    private static KalshiSize? ReadSize(ref Utf8JsonReader reader)
    {
        reader.Read();
        return SizeValue(ref reader);
    }

    private static KalshiSize? SizeValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.Number)
        {
            return KalshiSize.FromContracts(reader.GetInt64());
        }

        var span = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        return KalshiSize.TryParse(span, out var size)
            ? size
            : throw new FormatException($"\"{System.Text.Encoding.UTF8.GetString(span)}\" is not a contract count");
    }

    private static KalshiSide ReadSide(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.ValueTextEquals("yes"u8))
        {
            return KalshiSide.Yes;
        }

        if (reader.ValueTextEquals("no"u8))
        {
            return KalshiSide.No;
        }

        throw new FormatException($"side \"{reader.GetString()}\" is neither yes nor no");
    }

    private static List<string> ReadStrings(ref Utf8JsonReader reader)
    {
        var list = new List<string>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return list;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.GetString() ?? "");
        }

        return list;
    }

    private static List<KalshiSubscriptionInfo> ReadSubscriptions(ref Utf8JsonReader reader)
    {
        var list = new List<KalshiSubscriptionInfo>();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            string channel = "";
            long sid = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("channel"u8))
                {
                    reader.Read();
                    channel = reader.GetString() ?? "";
                }
                else if (reader.ValueTextEquals("sid"u8))
                {
                    reader.Read();
                    sid = reader.GetInt64();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            list.Add(new KalshiSubscriptionInfo(channel, sid));
        }

        return list;
    }

    /// <summary>
    /// <c>[[P, C], …]</c>: today both strings; legacy <c>yes</c>/<c>no</c> were <c>[cents, count]</c> integers
    /// and legacy <c>*_dollars</c> were <c>[P, count]</c>.
    /// </summary>
    private static List<KalshiLevel> ReadLevels(ref Utf8JsonReader reader)
    {
        var levels = new List<KalshiLevel>();
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return levels;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException("levels are not an array");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var price = PriceValue(ref reader) ?? throw new FormatException("level without a price");
            reader.Read();
            var size = SizeValue(ref reader) ?? throw new FormatException("level without a size");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }

            levels.Add(new KalshiLevel(price, size));
        }

        return levels;
    }

    private static List<KalshiPriceRange> ReadRanges(ref Utf8JsonReader reader)
    {
        var ranges = new List<KalshiPriceRange>();
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return ranges;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            KalshiPrice start = default, end = default, step = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("start"u8))
                {
                    start = ReadPrice(ref reader) ?? default;
                }
                else if (reader.ValueTextEquals("end"u8))
                {
                    end = ReadPrice(ref reader) ?? default;
                }
                else if (reader.ValueTextEquals("step"u8))
                {
                    step = ReadPrice(ref reader) ?? default;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            ranges.Add(new KalshiPriceRange(start, end, step));
        }

        return ranges;
    }
}
