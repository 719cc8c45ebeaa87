using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Ssmd.Secmaster.Internal;

/// <summary>
/// Reads a <c>GET /markets</c> page (<c>{"markets":[…],"cursor":"…"}</c>) field by field: a field that
/// cannot be understood is kept as it was and counted, a market without a ticker is skipped and counted,
/// and nothing else fails the page.
/// </summary>
internal static class MarketPageParser
{
    private static readonly HashSet<string> KnownStatuses =
        ["initialized", "inactive", "active", "closed", "determined", "disputed", "amended", "finalized", "unopened", "open", "settled", "paused"];

    /// <summary>Parses a whole page; throws <see cref="JsonException"/> only when the body is not JSON at all.</summary>
    public static MarketPage Parse(ReadOnlyMemory<byte> body, RejectionTally tally)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var rows = new List<MarketRow>();
        if (root.ValueKind != JsonValueKind.Object)
            throw new JsonException($"a markets page must be a JSON object, got {root.ValueKind}");

        if (root.TryGetProperty("markets", out var markets) && markets.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var market in markets.EnumerateArray())
            {
                var row = ParseMarket(market, tally, index++);
                if (row is not null)
                    rows.Add(row);
            }
        }
        else if (!root.TryGetProperty("markets", out _))
        {
            tally.Add("markets", "page without a markets array", "(page)");
        }

        return new MarketPage(rows, ReadCursor(root));
    }

    /// <summary>The next page's cursor, or null at the end (missing, null and "" all mean done).</summary>
    public static string? ReadCursor(JsonElement root) =>
        root.TryGetProperty("cursor", out var cursor) && cursor.ValueKind == JsonValueKind.String && cursor.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>One market object; null (and counted) when it has no usable ticker.</summary>
    public static MarketRow? ParseMarket(JsonElement market, RejectionTally tally, int index)
    {
        if (market.ValueKind != JsonValueKind.Object)
        {
            tally.Add("market", $"not an object ({market.ValueKind})", $"#{index}");
            return null;
        }

        if (!market.TryGetProperty("ticker", out var tickerElement) || tickerElement.ValueKind != JsonValueKind.String ||
            tickerElement.GetString() is not { Length: > 0 } ticker)
        {
            tally.Add("ticker", "missing or not a string: market skipped", $"#{index}");
            return null;
        }

        var raw = RawWithoutTradingFields(market);
        var row = new MarketRow { Ticker = ticker, RawJson = System.Text.Encoding.UTF8.GetString(raw), SyncHash = Hash(raw) };
        var fields = new FieldReader(market, row, tally);
        row.EventTicker = fields.Text("event_ticker", true);
        row.MarketType = fields.Text("market_type", true);
        row.Title = fields.Text("title", false);
        row.Subtitle = fields.Text("subtitle", false);
        row.YesSubTitle = fields.Text("yes_sub_title", true);
        row.NoSubTitle = fields.Text("no_sub_title", true);
        row.Status = fields.Text("status", true);
        if (row.Status is not null && !KnownStatuses.Contains(row.Status))
            tally.Add("status", $"unknown status '{row.Status}' (stored as sent)", ticker);

        row.CreatedTime = fields.Time("created_time", false);
        row.OpenTime = fields.Time("open_time", true);
        row.CloseTime = fields.Time("close_time", true);
        row.ExpectedExpirationTime = fields.Time("expected_expiration_time", false);
        row.ExpirationTime = fields.Time("expiration_time", false);
        row.LatestExpirationTime = fields.Time("latest_expiration_time", true);
        row.SettlementTimerSeconds = fields.Int("settlement_timer_seconds", true);
        row.CanCloseEarly = fields.Bool("can_close_early", true);
        row.Result = fields.Text("result", true);
        row.ExpirationValue = fields.Text("expiration_value", false);
        row.SettlementValue = fields.Price("settlement_value_dollars", "settlement_value", false);
        row.SettledAt = fields.Time("settlement_ts", "settled_at", false);
        row.NotionalValue = fields.Price("notional_value_dollars", "notional_value", false);
        row.StrikeType = fields.Text("strike_type", false);
        row.FloorStrike = fields.Number("floor_strike", false);
        row.CapStrike = fields.Number("cap_strike", false);
        row.PriceLevelStructure = fields.Text("price_level_structure", false);
        row.PriceRangesJson = fields.PriceRanges("price_ranges");
        return row;
    }

    // Bump when the mapping from the exchange object to columns changes, so every market is compared again once.
    private const byte ParserVersion = 1;

    private static long Hash(ReadOnlySpan<byte> raw)
    {
        Span<byte> digest = stackalloc byte[32];
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        sha.AppendData([ParserVersion]);
        sha.AppendData(raw);
        sha.GetHashAndReset(digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(digest);
    }

    private static byte[] RawWithoutTradingFields(JsonElement market)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in market.EnumerateObject())
            {
                if (MarketColumns.IsTradingField(property.Name))
                    continue;
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads one field at a time, recording what it had to keep or reject.</summary>
    private readonly struct FieldReader(JsonElement market, MarketRow row, RejectionTally tally)
    {
        public string? Text(string name, bool required)
        {
            if (!Present(name, name, required, out var value))
                return null;
            switch (value.ValueKind)
            {
                case JsonValueKind.String: return value.GetString();
                case JsonValueKind.Null: return null;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False: return value.GetRawText();
                default:
                    Reject(name, $"expected a string, got {value.ValueKind}");
                    return null;
            }
        }

        public DateTime? Time(string name, bool required) => Time(name, name, required);

        public DateTime? Time(string name, string column, bool required)
        {
            if (!Present(name, column, required, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind == JsonValueKind.String &&
                DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                // Kalshi sends Go's zero time ("0001-01-01T00:00:00Z") for "not set".
                return time.Year <= 1 ? null : time.UtcDateTime;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds is > 0 and < 253402300800)
                return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;

            Reject(column, $"expected an RFC 3339 time, got {Describe(value)}");
            return null;
        }

        public int? Int(string name, bool required)
        {
            if (!Present(name, name, required, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
                return number;
            if (value.ValueKind == JsonValueKind.String &&
                int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
                return number;

            Reject(name, $"expected an integer, got {Describe(value)}");
            return null;
        }

        public bool? Bool(string name, bool required)
        {
            if (!Present(name, name, required, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                return value.GetBoolean();
            if (value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out var flag))
                return flag;

            Reject(name, $"expected a boolean, got {Describe(value)}");
            return null;
        }

        public decimal? Number(string name, bool required)
        {
            if (!Present(name, name, required, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
                return number;
            if (value.ValueKind == JsonValueKind.String &&
                decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                return number;

            Reject(name, $"expected a number, got {Describe(value)}");
            return null;
        }

        public long? Price(string name, string column, bool required)
        {
            if (!Present(name, column, required, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (FixedPoint.TryParsePrice(value, out var units, out var reason))
                return units;

            Reject(column, reason);
            return null;
        }

        /// <summary><c>[{"start":"0.0000","end":"1.0000","step":"0.0100"}]</c> as the same bands in 0.0001 dollar.</summary>
        public string? PriceRanges(string name)
        {
            if (!Present(name, name, false, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind != JsonValueKind.Array)
            {
                Reject(name, $"expected an array, got {value.ValueKind}");
                return null;
            }

            var buffer = new ArrayBufferWriter<byte>(128);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                foreach (var band in value.EnumerateArray())
                {
                    writer.WriteStartObject();
                    foreach (var part in (ReadOnlySpan<string>)["start", "end", "step"])
                    {
                        if (band.ValueKind != JsonValueKind.Object || !band.TryGetProperty(part, out var bound) ||
                            !FixedPoint.TryParsePrice(bound, out var units, out var reason))
                        {
                            Reject(name, $"band without a valid '{part}'");
                            return null;
                        }

                        writer.WriteNumber(part, units);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        /// <summary>Finds the field; when it is absent the stored value is kept (and counted if the exchange requires it).</summary>
        private bool Present(string name, string column, bool required, out JsonElement value)
        {
            if (market.TryGetProperty(name, out value))
                return true;
            Keep(column);
            if (required)
                tally.Add(column, "missing", row.Ticker);
            return false;
        }

        private void Reject(string column, string reason)
        {
            Keep(column);
            tally.Add(column, reason, row.Ticker);
        }

        private void Keep(string column) => (row.Keep ??= []).Add(column);

        private static string Describe(JsonElement value) =>
            value.ValueKind == JsonValueKind.String ? $"\"{Truncate(value.GetString()!)}\"" : value.ValueKind.ToString();

        private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }
}
