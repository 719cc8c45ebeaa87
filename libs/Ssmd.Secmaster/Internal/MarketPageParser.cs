using System.Buffers;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace Ssmd.Secmaster.Internal;

/// <summary>
/// Reads a <c>GET /markets</c> page (<c>{"markets":[…],"cursor":"…"}</c>) in one forward pass of a
/// <see cref="Utf8JsonReader"/> over the received bytes, field by field: a field that cannot be
/// understood is kept as it was and counted, a market without a ticker is skipped and counted, and
/// nothing else fails the page. The stored object (<see cref="MarketRow.RawUtf8"/>) is the market's own
/// bytes with the trading fields cut out, never re-encoded.
/// </summary>
internal static partial class MarketPageParser
{
    // Bump when the mapping from the exchange object to columns (or the hash) changes, so every market is
    // compared again once. 2: XxHash3 over the market's own bytes instead of SHA-256 over a re-encoding.
    private const byte ParserVersion = 2;

    /// <summary>Parses a whole page; throws <see cref="JsonException"/> only when the body is not JSON at all.</summary>
    public static MarketPage Parse(ReadOnlyMemory<byte> body, RejectionTally tally)
    {
        // Rare enough that a repaired copy of the page is cheaper than any per-value check.
        var repaired = UnstorableText.Repair(body.Span);
        var json = repaired is null ? body.Span : repaired.Json;
        var unstorable = repaired is null ? null : new Replaced(repaired.At);
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"a markets page must be a JSON object, got {KindOf(reader.TokenType)}");

        var rows = new List<MarketRow>(1000);
        var raw = new ArrayBufferWriter<byte>(2048);
        var cache = new PageCache();
        string? cursor = null;
        var sawMarkets = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("markets"u8))
            {
                sawMarkets = true;
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        tally.Add("market", $"not an object ({KindOf(reader.TokenType)})", $"#{index++}");
                        reader.Skip();
                        continue;
                    }

                    if (ReadMarket(ref reader, json, raw, cache, unstorable, tally, index++) is { } row)
                        rows.Add(row);
                }
            }
            else if (reader.ValueTextEquals("cursor"u8))
            {
                reader.Read();
                cursor = reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } text ? text : null;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!sawMarkets)
            tally.Add("markets", "page without a markets array", "(page)");
        foreach (var at in unstorable?.Elsewhere ?? [])
            tally.Add("(page)", UnstorableText.Reason, UnstorableText.Around(json, at));
        return new MarketPage(rows, cursor);
    }

    /// <summary>The next page's cursor, or null at the end (missing, null and "" all mean done).</summary>
    public static string? ReadCursor(JsonElement root) =>
        root.TryGetProperty("cursor", out var cursor) && cursor.ValueKind == JsonValueKind.String && cursor.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>One market object (for tests that hold a <see cref="JsonElement"/>); null (and counted) when it has no usable ticker.</summary>
    public static MarketRow? ParseMarket(JsonElement market, RejectionTally tally, int index)
    {
        if (market.ValueKind != JsonValueKind.Object)
        {
            tally.Add("market", $"not an object ({market.ValueKind})", $"#{index}");
            return null;
        }

        var json = Encoding.UTF8.GetBytes(market.GetRawText());
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return ReadMarket(ref reader, json, new ArrayBufferWriter<byte>(2048), new PageCache(), null, tally, index);
    }

    /// <summary>
    /// Reads the object the reader stands on (its <see cref="JsonTokenType.StartObject"/>) up to its end:
    /// known fields into the row, every property but the trading fields into the raw bytes.
    /// </summary>
    /// <param name="unstorable">The page's replacements, to count against the properties that held them (null: none).</param>
    private static MarketRow? ReadMarket(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ArrayBufferWriter<byte> raw, PageCache cache, Replaced? unstorable, RejectionTally tally, int index)
    {
        raw.ResetWrittenCount();
        raw.GetSpan(1)[0] = (byte)'{';
        raw.Advance(1);
        var fields = new MarketFields(new MarketRow { Ticker = "", RawUtf8 = [] }, cache, json);
        string? ticker = null;
        var tickerValid = false;
        var first = true;
        List<string>? replacedIn = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // The property's bytes run from its name's opening quote to the end of its value.
            var start = (int)reader.TokenStartIndex;
            var name = unstorable is null ? null : reader.GetString();
            var field = Lookup(ref reader, out var trading);
            reader.Read();
            if (field == Ticker)
            {
                tickerValid = reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } text && (ticker = text) is not null;
                if (!tickerValid)
                    ticker = null;
            }
            else if (field >= 0)
            {
                fields.Read(ref reader, (MarketField)field);
            }

            reader.Skip();
            var end = (int)reader.BytesConsumed;
            if (unstorable is not null)
            {
                // A trading field is not stored: nothing of it reaches PostgreSQL.
                for (var n = unstorable.Take(start, end); n > 0 && !trading; n--)
                    (replacedIn ??= []).Add(name!);
            }

            if (trading)
                continue;
            var property = json[start..end];
            var span = raw.GetSpan(property.Length + 1);
            if (!first)
                span[0] = (byte)',';
            var at = first ? 0 : 1;
            property.CopyTo(span[at..]);
            raw.Advance(property.Length + at);
            first = false;
        }

        if (!tickerValid)
        {
            tally.Add("ticker", "missing or not a string: market skipped", $"#{index}");
            return null;
        }

        raw.GetSpan(1)[0] = (byte)'}';
        raw.Advance(1);
        foreach (var property in replacedIn ?? [])
            tally.Add(property, UnstorableText.Reason, ticker!);
        var row = fields.Finish(ticker!, tally);
        row.RawUtf8 = raw.WrittenSpan.ToArray();
        row.SyncHash = (long)XxHash3.HashToUInt64(raw.WrittenSpan, ParserVersion);
        return row;
    }

    private const int Ticker = -2;

    /// <summary>Where a page's replacements start, in order, each either in a market's property or elsewhere.</summary>
    private sealed class Replaced(List<int> at)
    {
        private readonly List<int> _elsewhere = [];
        private int _next;

        public List<int> At { get; } = at;

        /// <summary>Those in no market's property (the cursor, an element that is not a market…), once the page is read.</summary>
        public IEnumerable<int> Elsewhere => _elsewhere.Concat(At.Skip(_next));

        /// <summary>How many lie in [<paramref name="start"/>, <paramref name="end"/>): properties come in order, so those before it lie elsewhere.</summary>
        public int Take(int start, int end)
        {
            var taken = 0;
            for (; _next < At.Count && At[_next] < end; _next++)
            {
                if (At[_next] >= start)
                    taken++;
                else
                    _elsewhere.Add(At[_next]);
            }

            return taken;
        }
    }

    /// <summary>The column index of the property the reader stands on, <see cref="Ticker"/>, or -1; flags trading fields.</summary>
    private static int Lookup(ref Utf8JsonReader reader, out bool trading)
    {
        trading = false;
        Span<byte> buffer = stackalloc byte[64];
        scoped ReadOnlySpan<byte> name;
        if (!reader.ValueIsEscaped)
        {
            name = reader.ValueSpan;
        }
        else if (reader.ValueSpan.Length <= buffer.Length)
        {
            name = buffer[..reader.CopyString(buffer)];
        }
        else
        {
            name = Encoding.UTF8.GetBytes(reader.GetString()!);
        }

        if (name.SequenceEqual("ticker"u8))
            return Ticker;
        var field = MarketFields.Find(name);
        if (field < 0)
            trading = IsTradingField(name);
        return field;
    }

    /// <summary>Trading fields: they change with every trade, so they are not security-master data.</summary>
    private static bool IsTradingField(ReadOnlySpan<byte> name) =>
        name.StartsWith("yes_bid"u8) || name.StartsWith("yes_ask"u8) || name.StartsWith("no_bid"u8) || name.StartsWith("no_ask"u8) ||
        name.StartsWith("last_price"u8) || name.StartsWith("previous_"u8) || name.StartsWith("volume"u8) ||
        name.StartsWith("open_interest"u8) || name.StartsWith("liquidity"u8) || name.StartsWith("dollar_"u8);

    /// <summary>The <see cref="JsonValueKind"/> name of a value token, as the messages name it.</summary>
    internal static string KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => nameof(JsonValueKind.Object),
        JsonTokenType.StartArray => nameof(JsonValueKind.Array),
        JsonTokenType.String => nameof(JsonValueKind.String),
        JsonTokenType.Number => nameof(JsonValueKind.Number),
        JsonTokenType.True => nameof(JsonValueKind.True),
        JsonTokenType.False => nameof(JsonValueKind.False),
        JsonTokenType.Null => nameof(JsonValueKind.Null),
        _ => nameof(JsonValueKind.Undefined),
    };
}
