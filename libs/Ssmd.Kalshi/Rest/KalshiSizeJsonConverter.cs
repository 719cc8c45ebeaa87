using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ssmd.Kalshi.Rest;

/// <summary>A <see cref="KalshiSize"/> as a 2-decimal <c>_fp</c> string; reading also takes integer counts (legacy).</summary>
public sealed class KalshiSizeJsonConverter : JsonConverter<KalshiSize>
{
    public override KalshiSize Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return KalshiSize.FromContracts(reader.GetInt64());
        }

        var bytes = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan.ToArray();
        return KalshiSize.TryParse(bytes, out var size) ? size : throw new JsonException($"\"{reader.GetString()}\" is not a contract count.");
    }

    public override void Write(Utf8JsonWriter writer, KalshiSize value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[FixedPoint.MaxLength];
        value.TryFormat(buffer, out var written);
        writer.WriteStringValue(buffer[..written]);
    }
}
