using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ssmd.Kalshi.Rest;

/// <summary>
/// REST times as Kalshi writes them: RFC 3339 UTC with a <c>Z</c> and only the sub-second digits there are
/// (<c>"2026-05-13T02:30:00Z"</c>, <c>"2026-05-13T01:51:41.778164Z"</c>). Reading accepts any RFC 3339
/// offset; the Go zero time <c>0001-01-01T00:00:00Z</c> reads as <see cref="DateTimeOffset.MinValue"/>.
/// </summary>
public sealed class KalshiTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString() ?? throw new JsonException("a time is null"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture));
}
