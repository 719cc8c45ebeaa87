using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ssmd.Kalshi.Rest;

/// <summary>A <see cref="KalshiPrice"/> as a dollar string (<c>"0.4300"</c>); reading also takes integer cents (legacy).</summary>
public sealed class KalshiPriceJsonConverter : JsonConverter<KalshiPrice>
{
    public override KalshiPrice Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return KalshiPrice.FromCents(reader.GetInt64());
        }

        var text = reader.GetString();
        return KalshiPrice.TryParse(text, out var price) ? price : throw new JsonException($"\"{text}\" is not a dollar amount.");
    }

    public override void Write(Utf8JsonWriter writer, KalshiPrice value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[FixedPoint.MaxLength];
        value.TryFormat(buffer, out var written);
        writer.WriteStringValue(buffer[..written]);
    }
}
