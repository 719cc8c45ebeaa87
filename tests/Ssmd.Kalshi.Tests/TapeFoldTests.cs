using Ssmd.Kalshi.Messages;
using Ssmd.Testing.Tape;

namespace Ssmd.Kalshi.Tests;

public sealed class TapeFoldTests
{
    private const string T = "KXGOLD15M-26AUG050000-00";

    private static string Snapshot(long recvMs, string yes, string no) =>
        "{\"recv_ms\":" + recvMs + ",\"event\":{\"type\":\"orderbook_snapshot\",\"sid\":1,\"seq\":9,\"msg\":{\"market_ticker\":\"" + T + "\",\"market_id\":\"m\"" +
        (yes.Length > 0 ? ",\"yes_dollars_fp\":[" + yes + "]" : "") + (no.Length > 0 ? ",\"no_dollars_fp\":[" + no + "]" : "") + "}}}";

    private static string Delta(long tsMs, string side, string price, string delta) =>
        "{\"recv_ms\":" + (tsMs + 5) + ",\"event\":{\"type\":\"orderbook_delta\",\"sid\":1,\"seq\":10,\"msg\":{\"market_ticker\":\"" + T + "\",\"market_id\":\"m\",\"price_dollars\":\"" + price +
        "\",\"delta_fp\":\"" + delta + "\",\"side\":\"" + side + "\",\"ts_ms\":" + tsMs + "}}}";

    private static string Trade(long tsMs, string yesPrice, string count) =>
        "{\"recv_ms\":" + (tsMs + 5) + ",\"event\":{\"type\":\"trade\",\"sid\":2,\"seq\":3,\"msg\":{\"trade_id\":\"x\",\"market_ticker\":\"" + T + "\",\"yes_price_dollars\":\"" + yesPrice +
        "\",\"no_price_dollars\":\"0.0000\",\"count_fp\":\"" + count + "\",\"taker_side\":\"yes\",\"ts\":1,\"ts_ms\":" + tsMs + "}}}";

    private static TapeFold Fold(long untilMs, params string[] lines)
    {
        var fold = new TapeFold();
        fold.FoldLines(lines, untilMs);
        return fold;
    }

    private static readonly string[] Tape =
    [
        Snapshot(1_000, """["0.4500","10.00"],["0.4700","2.50"]""", """["0.5000","7.00"]"""),
        Delta(1_010, "yes", "0.4700", "1.25"),
        Delta(1_020, "no", "0.5100", "3.33"),
        Trade(1_030, "0.4700", "3.75"),
        Delta(1_030, "yes", "0.4700", "-3.75"),
        Delta(1_040, "no", "0.5000", "-7.00"),
        Snapshot(2_000, "", ""),
    ];

    [Fact]
    public void A_snapshot_replaces_a_delta_adds_and_a_level_reaching_zero_goes_away()
    {
        Assert.Equal("yes[0.4500x10.00 0.4700x2.50] no[0.5000x7.00]", Fold(1_000, Tape).Markets[T].BookText());
        Assert.Equal("yes[0.4500x10.00 0.4700x3.75] no[0.5000x7.00 0.5100x3.33]", Fold(1_020, Tape).Markets[T].BookText());
        Assert.Equal("yes[0.4500x10.00] no[0.5100x3.33]", Fold(1_999, Tape).Markets[T].BookText());

        // The empty snapshot at close replaces the whole book.
        var end = Fold(long.MaxValue, Tape).Markets[T];
        Assert.Equal("yes[] no[]", end.BookText());
        Assert.Equal((2, 4), (end.Snapshots, end.Deltas));
    }

    [Fact]
    public void Trades_add_their_count_size_and_exact_notional()
    {
        var fold = Fold(long.MaxValue, Trade(1, "0.6800", "46.02"), Trade(2, "0.0100", "0.01"), Trade(3, "0.9900", "1000000.00"));
        var market = fold.Markets[T];
        Assert.Equal(3, market.Trades);
        Assert.Equal(4_602 + 1 + 100_000_000, market.TradedSize);

        // 0.68 × 46.02 = 31.2936, 0.01 × 0.01 = 0.0001, 0.99 × 1,000,000 = 990,000 dollars, in millionths.
        Assert.Equal(31_293_600 + 100 + 990_000_000_000, market.Notional);
    }

    [Fact]
    public void Tape_time_is_ts_ms_else_the_receive_time_and_never_goes_back()
    {
        // The snapshot has no ts_ms: it takes recv_ms (1,000). The late delta (ts 900) keeps the clock at 1,010.
        string[] tape = [Snapshot(1_000, """["0.1000","1.00"]""", ""), Delta(1_010, "yes", "0.1000", "1.00"), Delta(900, "yes", "0.2000", "5.00"), Delta(1_011, "yes", "0.3000", "1.00")];
        Assert.Equal("yes[] no[]", Fold(999, tape).Markets.GetValueOrDefault(T)?.BookText() ?? "yes[] no[]");
        Assert.Equal("yes[0.1000x1.00] no[]", Fold(1_000, tape).Markets[T].BookText());
        Assert.Equal("yes[0.1000x2.00 0.2000x5.00] no[]", Fold(1_010, tape).Markets[T].BookText());
        Assert.Equal(1_010, Fold(1_010, tape).Markets[T].LastTimeMs);
        Assert.Equal("yes[0.1000x2.00 0.2000x5.00 0.3000x1.00] no[]", Fold(long.MaxValue, tape).Markets[T].BookText());
    }

    [Fact]
    public void A_delta_that_would_leave_a_negative_level_is_an_error_naming_the_line()
    {
        var e = Assert.Throws<InvalidDataException>(() => Fold(long.MaxValue, Snapshot(1, """["0.4500","1.00"]""", ""), Delta(2, "yes", "0.4500", "-1.01")));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("-0.01", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.4500", 4, 4_500)]
    [InlineData("1", 4, 10_000)]
    [InlineData("-46.02", 2, -4_602)]
    [InlineData("0.010000", 4, 100)]
    [InlineData("92233720368547.75", 2, 9_223_372_036_854_775)]
    public void Fixed_point_text_becomes_exact_units(string text, int decimals, long units)
    {
        Assert.Equal(units, TapeFixedPoint.Parse(text, decimals));
        Assert.Equal(units, TapeFixedPoint.Parse(TapeFixedPoint.Format(units, decimals), decimals));
    }

    [Theory]
    [InlineData("0.12345", 4)]
    [InlineData("1e3", 2)]
    [InlineData("", 2)]
    [InlineData(".", 2)]
    public void Fixed_point_text_that_would_lose_digits_or_is_not_a_number_is_refused(string text, int decimals) =>
        Assert.Throws<FormatException>(() => TapeFixedPoint.Parse(text, decimals));

    [Fact]
    public void A_real_gold_window_folds_to_the_same_books_as_ssmds_own_parser_and_book_at_every_snapshot_and_at_three_times()
    {
        var file = TapeFiles.Gold()[0];
        var lines = TapeFold.ReadLines(file).ToList();
        var times = lines.Select(l => System.Text.Json.JsonDocument.Parse(l)).Select(d =>
        {
            using (d)
            {
                var msg = d.RootElement.GetProperty("event").GetProperty("msg");
                return TapeFold.TimeOf(msg, d.RootElement.GetProperty("recv_ms").GetInt64())!.Value;
            }
        }).ToList();
        var first = times[0];
        var last = times[^1];

        foreach (var at in new[] { first, first + ((last - first) / 4), first + ((last - first) / 2), last - 60_000, long.MaxValue })
        {
            var expected = TapeFold.Fold([file], at).Markets.Values.Single();

            // ssmd's side: KalshiFrameReader over the event bytes, KalshiBook, stopping by the same clock.
            var book = new KalshiBook();
            long trades = 0, size = 0, notional = 0, clock = long.MinValue;
            for (var i = 0; i < lines.Count; i++)
            {
                clock = Math.Max(clock, times[i]);
                if (clock > at)
                {
                    break;
                }

                var frame = KalshiFrameReader.Read(System.Text.Encoding.UTF8.GetBytes(lines[i][(lines[i].IndexOf("\"event\":", StringComparison.Ordinal) + 8)..^1]));
                switch (frame.Message)
                {
                    case KalshiOrderbookSnapshot s:
                        book.Replace(s.Yes, s.No);
                        break;
                    case KalshiOrderbookDelta d:
                        book.Apply(d.Side, d.Price, d.Delta);
                        break;
                    case KalshiTrade t:
                        trades++;
                        size += t.Count.Units;
                        notional += t.YesPrice.Units * t.Count.Units;
                        break;
                }
            }

            Assert.Equal(expected.BookText(), book.ToString());
            Assert.Equal((expected.Trades, expected.TradedSize, expected.Notional), (trades, size, notional));
            Assert.All(expected.Yes.Values.Concat(expected.No.Values), v => Assert.True(v > 0));
        }

        // At the end of the tape the window has closed: the empty snapshot leaves no level.
        var end = TapeFold.Fold([file]).Markets.Values.Single();
        Assert.Equal("yes[] no[]", end.BookText());
        Assert.Equal(1_033, end.Trades);
    }

    [Fact]
    public void Clean_cuts_of_real_captures_are_the_first_times_at_or_after_each_fraction_where_tape_order_and_receive_order_agree()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ssmd-cuts-{Guid.NewGuid():N}");
        try
        {
            var files = TapeFiles.CopyFirst(TapeFiles.Gold().Take(3), folder, 3_000);
            double[] fractions = [0.25, 0.5, 0.75];
            var cuts = TapeFold.CleanCuts(files, fractions);

            // The definition, checked the slow way: every frame at or before the cut (by its file's clock) was
            // received before every frame after it, and no earlier time from the fraction on is such a cut.
            var frames = new List<(long FileTape, long Received)>();
            foreach (var file in files)
            {
                var clock = long.MinValue;
                foreach (var line in TapeFold.ReadLines(file))
                {
                    using var doc = System.Text.Json.JsonDocument.Parse(line);
                    var received = doc.RootElement.GetProperty("recv_ms").GetInt64();
                    var msg = doc.RootElement.GetProperty("event").TryGetProperty("msg", out var m) ? m : default;
                    clock = Math.Max(clock, TapeFold.TimeOf(msg, received) ?? clock);
                    frames.Add((clock, received));
                }
            }

            var times = frames.Select(f => f.FileTape).Distinct().Order().ToList();
            bool Clean(long t) => frames.Where(f => f.FileTape <= t).Max(f => f.Received) < frames.Where(f => f.FileTape > t).Min(f => f.Received);
            for (var i = 0; i < fractions.Length; i++)
            {
                var from = (int)(times.Count * fractions[i]);
                Assert.True(Clean(cuts[i]), $"cut {cuts[i]} is not clean");
                Assert.True(times.IndexOf(cuts[i]) >= from);
                Assert.DoesNotContain(times.Skip(from).TakeWhile(t => t < cuts[i]), Clean);
                Assert.Equal(cuts[i], TapeFold.CleanCut(files, fractions[i]));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
