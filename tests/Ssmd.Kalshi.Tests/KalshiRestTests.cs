using System.Text.Json;
using Ssmd.Kalshi.Rest;

namespace Ssmd.Kalshi.Tests;

public sealed class KalshiRestTests
{
    private static SortedSet<string> Keys(JsonElement e) => new(e.EnumerateObject().Select(p => p.Name), StringComparer.Ordinal);

    [Fact]
    public void A_real_production_market_reads_with_exact_prices_and_writes_back_its_current_fields()
    {
        var json = File.ReadAllText(KalshiFixtures.Fixture("pages__api.elections.kalshi.com__rest-get-market-KXSPACEXSTARSHIP-12-26MAY19.json"));
        var market = JsonSerializer.Deserialize(json, KalshiJsonContext.Default.KalshiMarketResponse)!.Market;
        Assert.Equal(new KalshiPrice(6000), market.YesBidDollars);
        Assert.Equal(new KalshiSize(1067), market.YesBidSizeFp);
        Assert.Equal(new KalshiSize(387756), market.OpenInterestFp);
        Assert.Equal("active", market.Status);
        Assert.Equal([new KalshiRestPriceRange(KalshiPrice.Zero, KalshiPrice.One, new KalshiPrice(100))], market.PriceRanges);

        var written = JsonSerializer.SerializeToElement(new KalshiMarketResponse(market), KalshiJsonContext.Default.KalshiMarketResponse).GetProperty("market");
        var real = JsonDocument.Parse(json).RootElement.GetProperty("market");
        // Fields removed from the schema since that May-2026 response are not written.
        var expected = Keys(real);
        expected.ExceptWith(["fractional_trading_enabled", "response_price_units"]);
        var missing = expected.Except(Keys(written)).ToList();
        Assert.Empty(missing);
        Assert.Equal(real.GetProperty("last_price_dollars").GetString(), written.GetProperty("last_price_dollars").GetString());

        // Times are written as Kalshi writes them: UTC with Z and only the sub-second digits there are.
        foreach (var time in new[] { "created_time", "updated_time", "open_time", "close_time" })
        {
            Assert.Equal(real.GetProperty(time).GetString(), written.GetProperty(time).GetString());
        }
    }

    [Fact]
    public void A_real_finalized_event_with_a_go_zero_time_and_nested_markets_reads()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(KalshiFixtures.Fixture("zkiihne__kalshi-gold15m-sample__rest-get-event-KXGOLD15M-26AUG050000.json")));
        var response = doc.RootElement.GetProperty("response").Deserialize(KalshiJsonContext.Default.KalshiEventResponse)!;
        Assert.Equal("KXGOLD15M", response.Event.SeriesTicker);
        var market = Assert.Single(response.Markets);
        Assert.Equal(KalshiPrice.One, market.YesAskDollars);
        Assert.Equal(4128.56m, market.FloorStrike);
    }

    [Fact]
    public void Real_trades_and_order_books_read_exactly()
    {
        var trades = JsonSerializer.Deserialize(File.ReadAllText(KalshiFixtures.Fixture("ccxt__ccxt__rest-get-trades-KXELONMARS-99-limit3.json")), KalshiJsonContext.Default.KalshiTradesPage)!;
        Assert.Equal(3, trades.Trades.Count);
        Assert.Equal(new KalshiSize(94), trades.Trades[1].CountFp);
        var book = JsonSerializer.Deserialize(File.ReadAllText(KalshiFixtures.Fixture("ccxt__ccxt__rest-get-orderbook-KXELONMARS-99.json")), KalshiJsonContext.Default.KalshiOrderbookResponse)!;
        Assert.Equal(["0.8800", "1967.33"], book.OrderbookFp.NoDollars[^1]);
    }

    [Fact]
    public void Real_series_read_with_their_category_and_tags()
    {
        var series = JsonSerializer.Deserialize(File.ReadAllText(KalshiFixtures.Fixture("mxgordon__kalshi-rust__rest-series-sports-EXCERPT.json")), KalshiJsonContext.Default.KalshiSeriesList)!;
        Assert.All(series.Series, s => Assert.False(string.IsNullOrEmpty(s.Category)));
        Assert.Contains(series.Series, s => s.Tags.Contains("Golf"));
    }
}
