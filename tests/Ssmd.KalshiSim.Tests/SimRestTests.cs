using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ssmd.Kalshi;
using Ssmd.Kalshi.Rest;

namespace Ssmd.KalshiSim.Tests;

public sealed class SimRestTests
{
    private static async Task<T> GetAsync<T>(SimServer sim, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await sim.Http.GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(type, ct))!;
    }

    [Fact(Timeout = 60_000)]
    public async Task Paging_through_5000_markets_with_limit_1000_returns_each_market_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync(new() { ["Markets"] = "5000" });
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await GetAsync(sim, $"/trade-api/v2/markets?limit=1000{(cursor is null ? "" : "&cursor=" + cursor)}", KalshiJsonContext.Default.KalshiMarketsPage);
            Assert.True(page.Markets.Count <= 1000);
            seen.AddRange(page.Markets.Select(m => m.Ticker));
            cursor = page.Cursor;
            pages++;
        }
        while (cursor.Length > 0 && pages < 20);

        Assert.Equal(sim.Engine.Exchange.Markets.Count, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(seen.Count >= 5000);
        Assert.Equal(6, pages);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("unopened", new[] { "initialized" })]
    [InlineData("open", new[] { "active" })]
    [InlineData("paused", new[] { "inactive" })]
    [InlineData("closed", new[] { "closed", "determined" })]
    [InlineData("settled", new[] { "finalized" })]
    public async Task The_status_filter_returns_only_markets_in_the_matching_states(string filter, string[] statuses)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync(new() { ["Markets"] = "2000" });
        var page = await GetAsync(sim, $"/trade-api/v2/markets?limit=1000&status={filter}", KalshiJsonContext.Default.KalshiMarketsPage);
        Assert.NotEmpty(page.Markets);
        Assert.All(page.Markets, m => Assert.Contains(m.Status, statuses));
    }

    [Fact(Timeout = 60_000)]
    public async Task Event_series_and_ticker_filters_select_their_markets()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        var all = await GetAsync(sim, "/trade-api/v2/markets?limit=1000", KalshiJsonContext.Default.KalshiMarketsPage);
        var someEvent = all.Markets[0].EventTicker;
        var byEvent = await GetAsync(sim, $"/trade-api/v2/markets?event_ticker={someEvent}", KalshiJsonContext.Default.KalshiMarketsPage);
        Assert.All(byEvent.Markets, m => Assert.Equal(someEvent, m.EventTicker));
        Assert.Equal(all.Markets.Count(m => m.EventTicker == someEvent), byEvent.Markets.Count);

        var bySeries = await GetAsync(sim, "/trade-api/v2/markets?series_ticker=KXGOLD15M", KalshiJsonContext.Default.KalshiMarketsPage);
        Assert.NotEmpty(bySeries.Markets);
        Assert.All(bySeries.Markets, m => Assert.StartsWith("KXGOLD15M-", m.Ticker, StringComparison.Ordinal));

        var two = string.Join(',', all.Markets.Take(2).Select(m => m.Ticker));
        var byTickers = await GetAsync(sim, $"/trade-api/v2/markets?tickers={two}", KalshiJsonContext.Default.KalshiMarketsPage);
        Assert.Equal(all.Markets.Take(2).Select(m => m.Ticker), byTickers.Markets.Select(m => m.Ticker));
        Assert.Equal("", byTickers.Cursor);

        // min_updated_ts: only markets whose metadata changed later (here: one paused through the admin API).
        var paused = all.Markets.First(m => m.Status == "active").Ticker;
        var before = sim.Engine.Exchange.NowMs / 1000;
        (await sim.Http.PostAsync($"/admin/markets/{paused}/pause", null, ct)).EnsureSuccessStatusCode();
        var updated = await GetAsync(sim, $"/trade-api/v2/markets?min_updated_ts={before - 1}", KalshiJsonContext.Default.KalshiMarketsPage);
        Assert.Contains(updated.Markets, m => m.Ticker == paused && m.Status == "inactive");
        Assert.True(updated.Markets.Count < all.Markets.Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task Bad_parameters_get_400_with_kalshis_error_body_and_unknown_markets_404()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        foreach (var path in new[] { "/trade-api/v2/markets?limit=1001", "/trade-api/v2/markets?status=active", "/trade-api/v2/markets?cursor=%%%" })
        {
            using var response = await sim.Http.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync(KalshiJsonContext.Default.KalshiErrorResponse, ct);
            Assert.Equal("invalid_parameters", body!.Error.Code);
        }

        using var missing = await sim.Http.GetAsync("/trade-api/v2/markets/NOPE-1", ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("not_found", (await missing.Content.ReadFromJsonAsync(KalshiJsonContext.Default.KalshiErrorResponse, ct))!.Error.Code);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_rate_limit_answers_429_shaped_like_kalshis_and_recovers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync(new() { ["Rest:RequestsPerSecond"] = "5", ["Rest:Burst"] = "5" });
        var statuses = new List<HttpStatusCode>();
        string? body = null;
        for (var i = 0; i < 12; i++)
        {
            using var response = await sim.Http.GetAsync("/trade-api/v2/exchange/status", ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                body = await response.Content.ReadAsStringAsync(ct);
                Assert.False(response.Headers.Contains("Retry-After"));
            }
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal("too many requests", JsonDocument.Parse(body!).RootElement.GetProperty("error").GetString());

        // 5 requests/s refills one token every 200 ms.
        await Task.Delay(500, ct);
        using var after = await sim.Http.GetAsync("/trade-api/v2/exchange/status", ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_markets_rest_order_book_and_top_of_book_agree_with_the_exchange()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        var open = await GetAsync(sim, "/trade-api/v2/markets?status=open&limit=5", KalshiJsonContext.Default.KalshiMarketsPage);
        var market = open.Markets[0];
        var book = await GetAsync(sim, $"/trade-api/v2/markets/{market.Ticker}/orderbook", KalshiJsonContext.Default.KalshiOrderbookResponse);
        var bestYes = KalshiPrice.Parse(book.OrderbookFp.YesDollars[^1][0]);
        var bestNo = KalshiPrice.Parse(book.OrderbookFp.NoDollars[^1][0]);
        Assert.Equal(bestYes, market.YesBidDollars);
        Assert.Equal(bestNo.Complement, market.YesAskDollars);
        Assert.True(market.YesBidDollars < market.YesAskDollars, "the book is crossed");
        var prices = book.OrderbookFp.YesDollars.Select(l => KalshiPrice.Parse(l[0]).Units).ToList();
        Assert.Equal(prices.Order(), prices);

        var top = await GetAsync(sim, $"/trade-api/v2/markets/{market.Ticker}/orderbook?depth=1", KalshiJsonContext.Default.KalshiOrderbookResponse);
        Assert.Single(top.OrderbookFp.YesDollars);
        var single = await GetAsync(sim, $"/trade-api/v2/markets/{market.Ticker}", KalshiJsonContext.Default.KalshiMarketResponse);
        Assert.Equal(market.Ticker, single.Market.Ticker);
    }

    [Fact(Timeout = 60_000)]
    public async Task Events_page_with_their_nested_markets_and_series_carry_categories()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync(new() { ["Markets"] = "1000" });
        var seen = new HashSet<string>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(sim, $"/trade-api/v2/events?limit=200&with_nested_markets=true{(cursor is null ? "" : "&cursor=" + cursor)}", KalshiJsonContext.Default.KalshiEventsPage);
            foreach (var e in page.Events)
            {
                Assert.True(seen.Add(e.EventTicker));
                Assert.NotEmpty(e.Markets!);
            }

            cursor = page.Cursor;
        }
        while (cursor.Length > 0);

        Assert.Equal(sim.Engine.Exchange.Events.Count, seen.Count);
        var one = await GetAsync(sim, $"/trade-api/v2/events/{seen.First()}", KalshiJsonContext.Default.KalshiEventResponse);
        Assert.NotEmpty(one.Markets);

        var series = await GetAsync(sim, "/trade-api/v2/series", KalshiJsonContext.Default.KalshiSeriesList);
        Assert.Contains(series.Series, s => s.Category == "Economics");
        var economics = await GetAsync(sim, "/trade-api/v2/series?category=Economics", KalshiJsonContext.Default.KalshiSeriesList);
        Assert.All(economics.Series, s => Assert.Equal("Economics", s.Category));
    }

    [Fact(Timeout = 60_000)]
    public async Task Trades_come_newest_first_and_page_without_repeats()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync(new() { ["Load:Paused"] = "false" });
        while (sim.Engine.Exchange.Trades.Count < 300)
        {
            await Task.Delay(20, ct);
        }

        var first = await GetAsync(sim, "/trade-api/v2/markets/trades?limit=100", KalshiJsonContext.Default.KalshiTradesPage);
        var second = await GetAsync(sim, $"/trade-api/v2/markets/trades?limit=100&cursor={first.Cursor}", KalshiJsonContext.Default.KalshiTradesPage);
        var times = first.Trades.Concat(second.Trades).Select(t => t.CreatedTime).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Empty(first.Trades.Select(t => t.TradeId).Intersect(second.Trades.Select(t => t.TradeId)));
        Assert.All(first.Trades, t => Assert.Equal(t.YesPriceDollars.Complement, t.NoPriceDollars));
    }
}
