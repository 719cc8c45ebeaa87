using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ssmd.Secmaster.Internal;

/// <summary>
/// The known fields of one market as the page parser meets them: each value is read where the reader
/// stands, and what is absent or not understood is settled in column order once the object (and so the
/// ticker the tally names) is complete.
/// </summary>
internal ref struct MarketFields
{
    private static readonly HashSet<string> KnownStatuses =
        ["initialized", "inactive", "active", "closed", "determined", "disputed", "amended", "finalized", "unopened", "open", "settled", "paused"];

    private static readonly byte[][] JsonNames = CheckedNames();

    // Candidates by name length: a lookup is a length test and one or two byte comparisons.
    private static readonly int[][] ByLength = BuildByLength();

    private readonly MarketRow row;
    private readonly PageCache cache;
    private readonly ReadOnlySpan<byte> json;
    private ulong _seen;
    private string?[]? _rejected;

    /// <param name="row">The row to fill (named at <see cref="Finish"/>).</param>
    /// <param name="cache">Values repeated from one market to the next on this page.</param>
    /// <param name="json">The bytes the reader reads.</param>
    public MarketFields(MarketRow row, PageCache cache, ReadOnlySpan<byte> json)
    {
        this.row = row;
        this.cache = cache;
        this.json = json;
    }

    /// <summary>The field named <paramref name="name"/> (a Kalshi JSON key), or -1.</summary>
    public static int Find(ReadOnlySpan<byte> name)
    {
        if (name.Length >= ByLength.Length)
            return -1;
        foreach (var field in ByLength[name.Length])
        {
            if (name.SequenceEqual(JsonNames[field]))
                return field;
        }

        return -1;
    }

    /// <summary>Reads the value the reader stands on into the row (an object or array it does not read is left for the caller to skip).</summary>
    public void Read(ref Utf8JsonReader reader, MarketField field)
    {
        _seen |= 1UL << (int)field;
        switch (field)
        {
            case MarketField.EventTicker: row.EventTicker = Text(ref reader, field); break;
            case MarketField.MarketType: row.MarketType = Text(ref reader, field); break;
            case MarketField.Title: row.Title = Text(ref reader, field); break;
            case MarketField.Subtitle: row.Subtitle = Text(ref reader, field); break;
            case MarketField.YesSubTitle: row.YesSubTitle = Text(ref reader, field); break;
            case MarketField.NoSubTitle: row.NoSubTitle = Text(ref reader, field); break;
            case MarketField.Status: row.Status = Text(ref reader, field); break;
            case MarketField.CreatedTime: row.CreatedTime = Time(ref reader, field); break;
            case MarketField.OpenTime: row.OpenTime = Time(ref reader, field); break;
            case MarketField.CloseTime: row.CloseTime = Time(ref reader, field); break;
            case MarketField.ExpectedExpirationTime: row.ExpectedExpirationTime = Time(ref reader, field); break;
            case MarketField.ExpirationTime: row.ExpirationTime = Time(ref reader, field); break;
            case MarketField.LatestExpirationTime: row.LatestExpirationTime = Time(ref reader, field); break;
            case MarketField.SettlementTimerSeconds: row.SettlementTimerSeconds = Int(ref reader, field); break;
            case MarketField.CanCloseEarly: row.CanCloseEarly = Bool(ref reader, field); break;
            case MarketField.Result: row.Result = Text(ref reader, field); break;
            case MarketField.ExpirationValue: row.ExpirationValue = Text(ref reader, field); break;
            case MarketField.SettlementValue: row.SettlementValue = Price(ref reader, field); break;
            case MarketField.SettledAt: row.SettledAt = Time(ref reader, field); break;
            case MarketField.NotionalValue: row.NotionalValue = Price(ref reader, field); break;
            case MarketField.StrikeType: row.StrikeType = Text(ref reader, field); break;
            case MarketField.FloorStrike: row.FloorStrike = Number(ref reader, field); break;
            case MarketField.CapStrike: row.CapStrike = Number(ref reader, field); break;
            case MarketField.PriceLevelStructure: row.PriceLevelStructure = Text(ref reader, field); break;
            case MarketField.PriceRanges: row.PriceRangesJson = PriceRanges(ref reader, field); break;
        }
    }

    /// <summary>
    /// Names the row, keeps the stored value of every field absent or not understood (counting the absent
    /// required ones and every rejection) in column order, and checks the status.
    /// </summary>
    public readonly MarketRow Finish(string ticker, RejectionTally tally)
    {
        row.Ticker = ticker;
        var columns = MarketColumns.All;
        for (var field = 0; field < columns.Count; field++)
        {
            if ((_seen & (1UL << field)) == 0)
            {
                (row.Keep ??= []).Add(columns[field].Name);
                if (columns[field].Required)
                    tally.Add(columns[field].Name, "missing", ticker);
            }
            else if (_rejected?[field] is { } reason)
            {
                (row.Keep ??= []).Add(columns[field].Name);
                tally.Add(columns[field].Name, reason, ticker);
            }
        }

        if (row.Status is not null && !KnownStatuses.Contains(row.Status))
            tally.Add("status", $"unknown status '{row.Status}' (stored as sent)", ticker);
        return row;
    }

    private string? Text(ref Utf8JsonReader reader, MarketField field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String: return cache.Text(ref reader, field);
            case JsonTokenType.Null: return null;
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False: return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                Reject(field, $"expected a string, got {MarketPageParser.KindOf(reader.TokenType)}");
                return null;
        }
    }

    private DateTime? Time(ref Utf8JsonReader reader, MarketField field)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType == JsonTokenType.String)
        {
            // Kalshi sends RFC 3339 in UTC ("2026-08-05T04:00:00Z", up to 6 fraction digits in the captured
            // bodies), which the reader parses from the bytes. Only a time that states its offset takes that
            // path: without one the reader assumes the machine's local zone, where the exchange means UTC,
            // so those (and other forms, "2026-08-05 04:00:00") go to the general parser, assuming UTC.
            if ((IsUtcOrOffset(reader.ValueSpan) && reader.TryGetDateTimeOffset(out var time)) ||
                DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time))
            {
                // Kalshi sends Go's zero time ("0001-01-01T00:00:00Z") for "not set".
                return time.Year <= 1 ? null : time.UtcDateTime;
            }
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seconds) && seconds is > 0 and < 253402300800)
            return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;

        Reject(field, $"expected an RFC 3339 time, got {Describe(ref reader)}");
        return null;
    }

    private int? Int(ref Utf8JsonReader reader, MarketField field)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
            return number;
        if (reader.TokenType == JsonTokenType.String &&
            int.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
            return number;

        Reject(field, $"expected an integer, got {Describe(ref reader)}");
        return null;
    }

    private bool? Bool(ref Utf8JsonReader reader, MarketField field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.String when bool.TryParse(reader.GetString(), out var flag): return flag;
            default:
                Reject(field, $"expected a boolean, got {Describe(ref reader)}");
                return null;
        }
    }

    private decimal? Number(ref Utf8JsonReader reader, MarketField field)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number))
            return number;
        if (reader.TokenType == JsonTokenType.String &&
            decimal.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
            return number;

        Reject(field, $"expected a number, got {Describe(ref reader)}");
        return null;
    }

    private long? Price(ref Utf8JsonReader reader, MarketField field)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (TryReadPrice(ref reader, out var units, out var reason))
            return units;
        Reject(field, reason);
        return null;
    }

    /// <summary><c>[{"start":"0.0000","end":"1.0000","step":"0.0100"}]</c> as the same bands in 0.0001 dollar; leaves the reader on the array's end.</summary>
    private string? PriceRanges(ref Utf8JsonReader reader, MarketField field)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Reject(field, $"expected an array, got {MarketPageParser.KindOf(reader.TokenType)}");
            return null;
        }

        // Markets of a series share their grid: the same bytes give the same text.
        var start = (int)reader.TokenStartIndex;
        var probe = reader;
        probe.Skip();
        var bytes = json[start..(int)probe.BytesConsumed];
        if (cache.TryGetRanges(bytes, out var known))
        {
            reader = probe;
            return known;
        }

        var text = new StringBuilder("[");
        string? failure = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (failure is not null || reader.TokenType != JsonTokenType.StartObject)
            {
                failure ??= "band without a valid 'start'";
                reader.Skip();
                continue;
            }

            long? low = null, high = null, step = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var part = reader.ValueTextEquals("start"u8) ? 0 : reader.ValueTextEquals("end"u8) ? 1 : reader.ValueTextEquals("step"u8) ? 2 : -1;
                reader.Read();
                long? units = part >= 0 && TryReadPrice(ref reader, out var value, out _) ? value : null;
                reader.Skip();
                if (part == 0)
                    low = units;
                else if (part == 1)
                    high = units;
                else if (part == 2)
                    step = units;
            }

            failure = low is null ? "band without a valid 'start'" : high is null ? "band without a valid 'end'" : step is null ? "band without a valid 'step'" : null;
            if (failure is null)
            {
                text.Append(text.Length > 1 ? "," : "").Append(CultureInfo.InvariantCulture,
                    $"{{\"start\":{low},\"end\":{high},\"step\":{step}}}");
            }
        }

        if (failure is not null)
        {
            Reject(field, failure);
            return null;
        }

        var result = text.Append(']').ToString();
        cache.SetRanges(bytes, result);
        return result;
    }

    private static bool TryReadPrice(ref Utf8JsonReader reader, out long units, out string reason)
    {
        units = 0;
        reason = "";
        ReadOnlySpan<byte> text;
        if (reader.TokenType == JsonTokenType.Number || (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped))
        {
            text = reader.ValueSpan;
        }
        else if (reader.TokenType == JsonTokenType.String)
        {
            text = Encoding.UTF8.GetBytes(reader.GetString()!);
        }
        else
        {
            reason = $"expected a dollar string, got {MarketPageParser.KindOf(reader.TokenType)}";
            return false;
        }

        // The same exact parser the protocol library uses: no binary floating point, nothing rounded away.
        if (!Ssmd.Kalshi.FixedPoint.TryParse(text, 4, out units))
        {
            reason = "not a decimal number, finer than 0.0001 dollar or out of range";
            return false;
        }

        return true;
    }

    /// <summary>True when the (raw) value ends in <c>Z</c> or a <c>±hh:mm</c> offset.</summary>
    internal static bool IsUtcOrOffset(ReadOnlySpan<byte> text) =>
        text is [.., (byte)'Z'] || (text.Length > 6 && text[^3] == (byte)':' && text[^6] is (byte)'+' or (byte)'-');

    private void Reject(MarketField field, string reason) => (_rejected ??= new string?[MarketColumns.All.Count])[(int)field] = reason;

    private static string Describe(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
            return MarketPageParser.KindOf(reader.TokenType);
        var text = reader.GetString()!;
        return $"\"{(text.Length <= 40 ? text : text[..40] + "…")}\"";
    }

    private static byte[][] CheckedNames()
    {
        var columns = MarketColumns.All;
        var fields = Enum.GetNames<MarketField>();
        if (fields.Length != columns.Count || fields.Length > 64)
            throw new InvalidOperationException($"MarketField has {fields.Length} members, MarketColumns.All {columns.Count} columns");
        for (var i = 0; i < fields.Length; i++)
        {
            if (!string.Equals(fields[i], columns[i].Name.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"MarketField.{fields[i]} is not column {i} ({columns[i].Name})");
        }

        return [.. columns.Select(c => Encoding.UTF8.GetBytes(c.JsonName))];
    }

    private static int[][] BuildByLength()
    {
        var longest = JsonNames.Max(n => n.Length);
        return [.. Enumerable.Range(0, longest + 1).Select(length => Enumerable.Range(0, JsonNames.Length).Where(i => JsonNames[i].Length == length).ToArray())];
    }
}
