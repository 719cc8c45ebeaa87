using Ssmd.Kalshi.Messages;

namespace Ssmd.Kalshi.Tests;

public sealed class KalshiBookTests
{
    [Fact]
    public void A_delta_adds_to_a_level_and_a_level_reaching_zero_disappears()
    {
        var book = new KalshiBook();
        book.Apply(KalshiSide.Yes, KalshiPrice.Parse("0.4300"), KalshiSize.Parse("10.00"));
        book.Apply(KalshiSide.Yes, KalshiPrice.Parse("0.4300"), KalshiSize.Parse("5.50"));
        Assert.Equal(KalshiSize.Parse("15.50"), book.Yes.SizeAt(KalshiPrice.Parse("0.4300")));
        book.Apply(KalshiSide.Yes, KalshiPrice.Parse("0.4300"), KalshiSize.Parse("-15.50"));
        Assert.Equal(0, book.Yes.Count);
    }

    [Fact]
    public void A_delta_that_would_leave_a_negative_level_is_refused()
    {
        var book = new KalshiBook();
        book.Apply(KalshiSide.No, KalshiPrice.Parse("0.3000"), KalshiSize.Parse("1.00"));
        Assert.Throws<InvalidOperationException>(() => book.Apply(KalshiSide.No, KalshiPrice.Parse("0.3000"), KalshiSize.Parse("-2.00")));
    }

    [Fact]
    public void The_best_yes_ask_is_one_minus_the_best_no_bid()
    {
        var book = new KalshiBook();
        book.Apply(KalshiSide.No, KalshiPrice.Parse("0.3500"), KalshiSize.Parse("20.00"));
        book.Apply(KalshiSide.No, KalshiPrice.Parse("0.3700"), KalshiSize.Parse("25.00"));
        Assert.Equal(new KalshiLevel(KalshiPrice.Parse("0.6300"), KalshiSize.Parse("25.00")), book.BestYesAsk);
    }

    [Fact]
    public void Yes_priced_no_levels_land_on_the_same_no_leg_level()
    {
        var plain = new KalshiBook();
        var yesView = new KalshiBook();
        plain.Apply(KalshiSide.No, KalshiPrice.Parse("0.5600"), KalshiSize.Parse("3.00"));
        yesView.Apply(KalshiSide.No, KalshiPrice.Parse("0.4400"), KalshiSize.Parse("3.00"), yesPrices: true);
        Assert.True(plain.SameLevelsAs(yesView));
    }

    [Fact]
    public void Every_real_gold_window_rebuilds_from_its_snapshots_and_deltas_without_a_negative_level()
    {
        var files = Directory.GetFiles(Path.Combine(KalshiFixtures.Root, "captures", "gold15m", "events"), "*.ndjson.gz", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        long deltas = 0, snapshots = 0;
        foreach (var file in files.Take(3))
        {
            var book = new KalshiBook();
            var haveSnapshot = false;
            foreach (var frame in KalshiFixtures.Frames(file))
            {
                var parsed = KalshiFrameReader.Read(frame);
                switch (parsed.Message)
                {
                    case KalshiOrderbookSnapshot s:
                        book.Replace(s.Yes, s.No);
                        haveSnapshot = true;
                        snapshots++;
                        break;
                    case KalshiOrderbookDelta d when haveSnapshot:
                        book.Apply(d.Side, d.Price, d.Delta);
                        deltas++;
                        break;
                }
            }

            // The capture ends with the empty snapshots sent at close.
            Assert.Equal(0, book.Yes.Count + book.No.Count);
        }

        Assert.True(deltas > 10_000, $"only {deltas} deltas applied");
        Assert.True(snapshots >= 3);
    }
}
