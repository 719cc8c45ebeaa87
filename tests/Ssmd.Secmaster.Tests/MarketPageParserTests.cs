using Ssmd.Kalshi;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ssmd.Secmaster.Internal;
using Ssmd.Secmaster.Tests.Infrastructure;

namespace Ssmd.Secmaster.Tests;

public sealed class MarketPageParserTests
{
    [Fact]
    public void A_real_markets_page_parses_with_exact_prices_times_and_an_empty_cursor_meaning_done()
    {
        var tally = new RejectionTally();
        var page = MarketPageParser.Parse(Fixtures.Read("ccxt__ccxt__rest-get-markets-tickers.json"), tally);

        Assert.NotEmpty(page.Rows);
        Assert.Null(page.NextCursor);
        var market = page.Rows.First(r => r.Ticker == "KXELONMARS-99");
        Assert.Equal("KXELONMARS-99", market.EventTicker);
        Assert.Equal(new DateTime(2099, 8, 1, 4, 59, 0, DateTimeKind.Utc), market.CloseTime);
        Assert.Equal(10_000, market.NotionalValue);
        // Trading fields are not security-master data: they are left out of the stored object.
        Assert.DoesNotContain("last_price_dollars", Encoding.UTF8.GetString(market.RawUtf8), StringComparison.Ordinal);
        Assert.Contains("early_close_condition", Encoding.UTF8.GetString(market.RawUtf8), StringComparison.Ordinal);
    }

    [Fact]
    public void Real_gold_markets_keep_their_price_grid_result_and_strike()
    {
        var tally = new RejectionTally();
        var rows = new List<MarketRow>();
        foreach (var file in Directory.GetFiles(Fixtures.Path("gold15m"), "*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            var index = 0;
            foreach (var market in document.RootElement.GetProperty("response").GetProperty("markets").EnumerateArray())
                rows.Add(MarketPageParser.ParseMarket(market, tally, index++)!);
        }

        Assert.Equal(15, rows.Count);
        var first = rows.Single(r => r.EventTicker == "KXGOLD15M-26AUG050000");
        Assert.Equal("no", first.Result);
        Assert.Equal(4128.56m, first.FloorStrike);
        Assert.Equal("""[{"start":0,"end":10000,"step":100}]""", first.PriceRangesJson);
        Assert.Equal(new DateTime(2026, 8, 5, 3, 45, 0, DateTimeKind.Utc), first.OpenTime);
        // Only optional fields the exchange left out are kept as stored; nothing is bad.
        Assert.Equal(["subtitle", "cap_strike"], first.Keep!.ToArray());
        Assert.Equal(0, tally.Total);
    }

    [Fact]
    public void Bad_fields_are_kept_per_field_and_counted_while_the_rest_of_the_market_is_read()
    {
        const string body = """
            {"markets":[{"ticker":"KXBAD-1","event_ticker":"KXBAD","market_type":"binary","yes_sub_title":"y","no_sub_title":"n",
              "status":"frozen","open_time":"not a time","close_time":"2026-08-05T04:00:00Z","latest_expiration_time":"2026-08-12T04:00:00Z",
              "settlement_timer_seconds":"sixty","can_close_early":"true","result":"","notional_value_dollars":"1.00005",
              "floor_strike":"4128.56","price_ranges":[{"start":"0.0000","end":"1.0000"}]}],"cursor":"abc"}
            """;
        var tally = new RejectionTally();
        var page = MarketPageParser.Parse(Encoding.UTF8.GetBytes(body), tally);

        var market = Assert.Single(page.Rows);
        Assert.Equal("abc", page.NextCursor);
        Assert.Equal("frozen", market.Status);
        Assert.Equal(new DateTime(2026, 8, 5, 4, 0, 0, DateTimeKind.Utc), market.CloseTime);
        Assert.True(market.CanCloseEarly);
        Assert.Equal(4128.56m, market.FloorStrike);
        Assert.Superset(new HashSet<string> { "open_time", "settlement_timer_seconds", "notional_value", "price_ranges" }, market.Keep!.ToHashSet());
        Assert.DoesNotContain("close_time", market.Keep!);
        var reasons = tally.Entries.Select(e => e.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "status", "open_time", "settlement_timer_seconds", "notional_value", "price_ranges" }, reasons);
    }

    [Fact]
    public void A_market_without_a_ticker_is_skipped_and_counted_without_failing_the_page()
    {
        const string body = """{"markets":[{"event_ticker":"E"},{"ticker":42},{"ticker":"GOOD-1","event_ticker":"GOOD"}],"cursor":null}""";
        var tally = new RejectionTally();
        var page = MarketPageParser.Parse(Encoding.UTF8.GetBytes(body), tally);

        Assert.Equal("GOOD-1", Assert.Single(page.Rows).Ticker);
        Assert.Null(page.NextCursor);
        Assert.Equal(2, tally.Entries.Where(e => e.Field == "ticker").Sum(e => e.Count));
    }

    [Theory]
    [InlineData("2026-08-05T04:00:00Z")]
    [InlineData("2026-08-05T04:00:00.5Z")]
    [InlineData("2026-08-05T04:00:00.123456Z")]
    [InlineData("2026-08-05T04:00:00.1234567Z")]
    [InlineData("2024-02-29T23:59:59Z")]
    [InlineData("2026-08-05T06:00:00+02:00")]
    [InlineData("2026-08-05T04:00:00")]
    [InlineData("2026-08-05 04:00:00Z")]
    public void Times_read_by_the_reader_or_the_general_parser_equal_what_DateTimeOffset_reads_as_UTC(string text)
    {
        var tally = new RejectionTally();
        var row = Assert.Single(MarketPageParser.Parse(Encoding.UTF8.GetBytes($$"""{"markets":[{"ticker":"T-1","open_time":"{{text}}"}]}"""), tally).Rows);

        Assert.True(DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expected));
        Assert.Equal(expected.UtcDateTime, row.OpenTime);
        Assert.Equal(DateTimeKind.Utc, row.OpenTime!.Value.Kind);
        Assert.DoesNotContain(tally.Entries, e => e.Field == "open_time");
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00")]
    public void Gos_zero_time_means_not_set(string text)
    {
        var tally = new RejectionTally();
        var row = Assert.Single(MarketPageParser.Parse(Encoding.UTF8.GetBytes($$"""{"markets":[{"ticker":"T-1","open_time":"{{text}}"}]}"""), tally).Rows);

        Assert.Null(row.OpenTime);
        Assert.DoesNotContain(tally.Entries, e => e.Field == "open_time");
    }

    [Fact]
    public void Every_time_in_the_captured_REST_bodies_is_read_by_Utf8JsonReader_itself()
    {
        // The forms Kalshi really sends ("…Z" with 0, 5 or 6 fraction digits in these captures) must take
        // the reader's own ISO 8601 parser, and agree with DateTimeOffset.
        var timeNames = MarketColumns.All.Where(c => c.SqlType == "timestamptz").Select(c => Encoding.UTF8.GetBytes(c.JsonName)).ToArray();
        var checkedTimes = 0;
        foreach (var file in Directory.GetFiles(Fixtures.Path(""), "*.json", SearchOption.AllDirectories))
        {
            var json = File.ReadAllBytes(file);
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || !IsTimeName(ref reader, timeNames))
                    continue;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                    continue;
                var text = reader.GetString()!;
                Assert.True(MarketFields.IsUtcOrOffset(reader.ValueSpan), $"{text} in {file} states no offset");
                Assert.True(reader.TryGetDateTimeOffset(out var time), $"Utf8JsonReader rejects {text} in {file}");
                Assert.Equal(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), time);
                checkedTimes++;
            }
        }

        Assert.True(checkedTimes > 50, $"only {checkedTimes} times found in the fixtures");
    }

    private static bool IsTimeName(ref Utf8JsonReader reader, byte[][] names)
    {
        foreach (var name in names)
        {
            if (reader.ValueTextEquals(name))
                return true;
        }

        return false;
    }

    [Fact]
    public void The_stored_object_is_the_markets_own_bytes_without_trading_fields_and_its_hash_ignores_them()
    {
        const string first = """{"markets":[{"ticker":"T-1","yes_bid_dollars":"0.45","title":"Caf\u00e9 \"quoted\"","volume_fp":"1.00","custom":{"a":[1,2]},"last_price_dollars":"0.46"}],"cursor":""}""";
        const string second = """{"markets":[{"ticker":"T-1","yes_bid_dollars":"0.99","title":"Caf\u00e9 \"quoted\"","volume_fp":"7.00","custom":{"a":[1,2]},"last_price_dollars":"0.11"}],"cursor":""}""";
        var a = Assert.Single(MarketPageParser.Parse(Encoding.UTF8.GetBytes(first), new RejectionTally()).Rows);
        var b = Assert.Single(MarketPageParser.Parse(Encoding.UTF8.GetBytes(second), new RejectionTally()).Rows);

        Assert.Equal("""{"ticker":"T-1","title":"Caf\u00e9 \"quoted\"","custom":{"a":[1,2]}}""", Encoding.UTF8.GetString(a.RawUtf8));
        Assert.Equal("Café \"quoted\"", a.Title);
        Assert.Equal(a.SyncHash, b.SyncHash);
    }

    [Fact]
    public void Text_PostgreSQL_refuses_is_stored_as_U_FFFD_in_values_and_the_stored_object_and_counted_per_property()
    {
        // NUL and half surrogate pairs: text and jsonb refuse the first, jsonb and GetString() the second.
        const string body = """
            {"markets":[
              {"ticker":"BAD-1","event_ticker":"E","title":"Gold\u0000 above","subtitle":"\ud800x","yes_sub_title":"\uDC00",
               "no_sub_title":"smile \ud83d\ude00","note":"C:\\u0000 is no NUL","status":"active"},
              {"ticker":"GOOD-1","event_ticker":"E","title":"Fine"}],
             "cursor":"c\u0000"}
            """;
        // And one byte that is not UTF-8 (0xFF) in the rules.
        var bytes = Encoding.UTF8.GetBytes(body.Replace("is no NUL", "is no NUL\",\"rules_primary\":\"x@y", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)'@')] = 0xFF;
        var sent = bytes.ToArray();
        var tally = new RejectionTally();
        var page = MarketPageParser.Parse(bytes, tally);

        Assert.Equal(sent, bytes); // the caller's buffer is left as it was
        Assert.Equal(["BAD-1", "GOOD-1"], page.Rows.Select(r => r.Ticker));
        var bad = page.Rows[0];
        Assert.Equal(("Gold\uFFFD above", "\uFFFDx", "\uFFFD", "smile \U0001F600"), (bad.Title, bad.Subtitle, bad.YesSubTitle, bad.NoSubTitle));
        const string stored = """{"ticker":"BAD-1","event_ticker":"E","title":"Gold\ufffd above","subtitle":"\ufffdx","yes_sub_title":"\ufffd","no_sub_title":"smile \ud83d\ude00","note":"C:\\u0000 is no NUL","rules_primary":"x�y","status":"active"}""";
        Assert.Equal(stored, Encoding.UTF8.GetString(bad.RawUtf8));
        Assert.Equal("Fine", page.Rows[1].Title);
        Assert.Equal("c\uFFFD", page.NextCursor);
        var replaced = tally.Entries.Where(e => e.Reason == UnstorableText.Reason).ToDictionary(e => e.Field, e => (e.Count, e.Example));
        Assert.Equal(5, replaced.Count);
        Assert.Equal((1, "BAD-1"), replaced["title"]);
        Assert.Equal((1, "BAD-1"), replaced["subtitle"]);
        Assert.Equal((1, "BAD-1"), replaced["yes_sub_title"]);
        Assert.Equal((1, "BAD-1"), replaced["rules_primary"]);
        Assert.Contains("\"cursor\":\"c\\ufffd", replaced["(page)"].Example, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"a\\u0000\"", 1)]
    [InlineData("\"\\\\u0000\"", 0)] // an escaped backslash, then the text u0000
    [InlineData("\"\\\\\\u0000\"", 1)] // an escaped backslash, then a NUL
    [InlineData("\"\\ud83d\\ude00\"", 0)] // a whole pair
    [InlineData("\"\\ude00\\ud83d\"", 2)] // a pair the wrong way round: two halves
    [InlineData("\"\\ud83d\"", 1)] // a high half at the end of the string
    [InlineData("\"\\ud83d\\u0041\"", 1)] // a high half before another escape
    [InlineData("\"\\n\\t\\\"\\/\\u00e9\\uFFFD\"", 0)]
    public void Only_escapes_PostgreSQL_refuses_are_found(string json, int expected)
    {
        var repaired = UnstorableText.Repair(Encoding.UTF8.GetBytes(json));

        Assert.Equal(expected, repaired?.At.Count ?? 0);
        if (repaired is not null)
            AssertReadsWithReplacements(repaired, expected);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF }, 1)] // never a UTF-8 byte
    [InlineData(new byte[] { 0xC3 }, 1)] // the first byte of two, followed by no second
    [InlineData(new byte[] { 0xE2, 0x82 }, 1)] // two bytes of three: one maximal part
    [InlineData(new byte[] { 0xC0, 0xAF }, 2)] // an overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 3)] // half a surrogate pair, encoded
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, 0)] // U+1F600, well formed
    public void Bytes_that_are_not_UTF_8_are_replaced_as_decoders_replace_them(byte[] inside, int expected)
    {
        // Before a NUL escape: the escape's offset is found in the copy the first replacement lengthened.
        byte[] json = [.. "\"a"u8, .. inside, .. "b\\u0000\""u8];
        var repaired = UnstorableText.Repair(json);

        Assert.NotNull(repaired);
        Assert.Equal(expected + 1, repaired.At.Count);
        Assert.Equal(repaired.At.Order(), repaired.At);
        AssertReadsWithReplacements(repaired, expected + 1);
    }

    /// <summary>The repaired JSON string reads again, with one U+FFFD per replacement, each where <see cref="Repaired.At"/> says.</summary>
    private static void AssertReadsWithReplacements(Repaired repaired, int expected)
    {
        var reader = new Utf8JsonReader(repaired.Json);
        reader.Read();
        Assert.Equal(expected, reader.GetString()!.Count(c => c == '\uFFFD'));
        Assert.All(repaired.At, at => Assert.True(repaired.Json.AsSpan(at).StartsWith("\uFFFD"u8) || repaired.Json.AsSpan(at).StartsWith("\\ufffd"u8)));
    }

    [Theory]
    [InlineData("KXHIGHNY-26NOV24-B52.5", "KXHIGHNY-26NOV24-B52%2E5")]
    [InlineData("KXBTCD-25AUG2617-T112999.99", "KXBTCD-25AUG2617-T112999%2E99")]
    [InlineData("PLAIN-1", "PLAIN-1")]
    [InlineData("A*B>C %D", "A%2AB%3EC%20%25D")]
    public void Tickers_become_subject_safe_tokens_and_come_back_unchanged(string ticker, string token)
    {
        Assert.Equal(token, KalshiSubject.Encode(ticker));
        Assert.Equal(ticker, KalshiSubject.Decode(token));
    }
}
