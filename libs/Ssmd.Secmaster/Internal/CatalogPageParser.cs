using System.Globalization;
using System.Text.Json;

namespace Ssmd.Secmaster.Internal;

/// <summary>Reads <c>GET /events</c> and <c>GET /series</c> pages tolerantly: bad items are skipped and counted.</summary>
internal static class CatalogPageParser
{
    public static (List<EventRow> Rows, string? Cursor) ParseEvents(ReadOnlyMemory<byte> body, RejectionTally tally)
    {
        using var document = JsonDocument.Parse(Storable(body, "events", tally));
        var root = document.RootElement;
        var rows = new List<EventRow>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in events.EnumerateArray())
            {
                if (Text(item, "event_ticker") is not { Length: > 0 } ticker)
                {
                    tally.Add("event_ticker", "event without a ticker: skipped", "(events page)");
                    continue;
                }

                rows.Add(new EventRow(ticker, Text(item, "series_ticker"), Text(item, "title"), Text(item, "sub_title") ?? Text(item, "subtitle"),
                    item.TryGetProperty("mutually_exclusive", out var me) && me.ValueKind is JsonValueKind.True or JsonValueKind.False ? me.GetBoolean() : null,
                    Time(item, "strike_date"), WithoutNestedMarkets(item)));
            }
        }

        return (rows, root.ValueKind == JsonValueKind.Object ? MarketPageParser.ReadCursor(root) : null);
    }

    public static (List<SeriesRow> Rows, string? Cursor) ParseSeries(ReadOnlyMemory<byte> body, RejectionTally tally)
    {
        using var document = JsonDocument.Parse(Storable(body, "series", tally));
        var root = document.RootElement;
        var rows = new List<SeriesRow>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("series", out var series) && series.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in series.EnumerateArray())
            {
                if (Text(item, "ticker") is not { Length: > 0 } ticker)
                {
                    tally.Add("series.ticker", "series without a ticker: skipped", "(series page)");
                    continue;
                }

                string[]? tags = null;
                if (item.TryGetProperty("tags", out var tagArray) && tagArray.ValueKind == JsonValueKind.Array)
                    tags = [.. tagArray.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)];

                rows.Add(new SeriesRow(ticker, Text(item, "title"), Text(item, "category"), tags, Text(item, "frequency"), item.GetRawText()));
            }
        }

        return (rows, root.ValueKind == JsonValueKind.Object ? MarketPageParser.ReadCursor(root) : null);
    }

    /// <summary>The body with the text PostgreSQL refuses replaced (see <see cref="UnstorableText"/>), each replacement counted with the text around it.</summary>
    private static ReadOnlyMemory<byte> Storable(ReadOnlyMemory<byte> body, string collection, RejectionTally tally)
    {
        if (UnstorableText.Repair(body.Span) is not { } repaired)
            return body;
        foreach (var at in repaired.At)
            tally.Add(collection, UnstorableText.Reason, UnstorableText.Around(repaired.Json, at));
        return repaired.Json;
    }

    private static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTime? Time(JsonElement item, string name) =>
        Text(item, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && time.Year > 1
            ? time.UtcDateTime
            : null;

    // Events fetched with nested markets would otherwise store every market twice.
    private static string WithoutNestedMarkets(JsonElement item)
    {
        if (!item.TryGetProperty("markets", out _))
            return item.GetRawText();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in item.EnumerateObject().Where(p => p.Name != "markets"))
                property.WriteTo(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
