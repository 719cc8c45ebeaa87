using Ssmd.Kalshi.Rest;
using Ssmd.KalshiSim.Model;
using Ssmd.KalshiSim.WebSockets;

namespace Ssmd.KalshiSim.Rest;

/// <summary>The market-data subset of Kalshi's REST API v2 at <c>/trade-api/v2</c>.</summary>
internal static class SimRestApi
{
    public const string RateLimitPolicy = "kalshi-read";

    public static IEndpointRouteBuilder MapKalshiRestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/trade-api/v2").RequireRateLimiting(RateLimitPolicy);
        api.MapGet("/markets", GetMarkets);
        api.MapGet("/markets/trades", GetTrades);
        api.MapGet("/markets/{ticker}", GetMarket);
        api.MapGet("/markets/{ticker}/orderbook", GetOrderbook);
        api.MapGet("/events", GetEvents);
        api.MapGet("/events/{ticker}", GetEvent);
        api.MapGet("/series", GetSeries);
        api.MapGet("/series/{ticker}", GetOneSeries);
        api.MapGet("/exchange/status", (SimEngine engine) => TypedResults.Json(
            new KalshiExchangeStatus(true, !engine.Paused, true, null), KalshiJsonContext.Default.KalshiExchangeStatus));
        return app;
    }

    private static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new KalshiErrorResponse(new KalshiErrorDetail(code, message)), KalshiJsonContext.Default.KalshiErrorResponse, statusCode: status);

    private static bool TryLimit(string? text, int fallback, int max, out int limit)
    {
        limit = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) && limit <= max && (limit > 0 || (limit = fallback) > 0);
    }

    private static IResult GetMarkets(SimEngine engine, string? limit, string? cursor, string? status, string? event_ticker, string? series_ticker, string? tickers, long? min_close_ts, long? max_close_ts, long? min_updated_ts)
    {
        if (!TryLimit(limit, 100, 1000, out var pageSize))
        {
            return Error(400, "invalid_parameters", "limit must be an integer from 1 to 1000");
        }

        if (!SimRestMapper.TryParseFilter(status, out var statusFilter))
        {
            return Error(400, "invalid_parameters", $"status '{status}' is not one of unopened, open, paused, closed, settled");
        }

        if (!SimCursor.TryDecode(cursor, out var after))
        {
            return Error(400, "invalid_parameters", "cursor is not valid");
        }

        var tickerSet = string.IsNullOrEmpty(tickers) ? null : tickers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var exchange = engine.Exchange;
        var page = new List<KalshiMarket>(Math.Min(pageSize, 1000));
        var more = false;
        lock (exchange.Sync)
        {
            foreach (var market in SortedMarkets(exchange, after))
            {
                if ((statusFilter is not null && !statusFilter(market.Status))
                    || (event_ticker is { Length: > 0 } && market.Event.Ticker != event_ticker)
                    || (series_ticker is { Length: > 0 } && market.Event.Series.Ticker != series_ticker)
                    || (tickerSet is not null && !tickerSet.Contains(market.Ticker))
                    || (min_close_ts is { } minClose && market.CloseMs / 1000 < minClose)
                    || (max_close_ts is { } maxClose && market.CloseMs / 1000 > maxClose)
                    || (min_updated_ts is { } minUpdated && market.UpdatedMs / 1000 <= minUpdated))
                {
                    continue;
                }

                if (page.Count == pageSize)
                {
                    more = true;
                    break;
                }

                page.Add(SimRestMapper.Market(market));
            }
        }

        var next = more ? SimCursor.Encode(page[^1].Ticker) : "";
        return TypedResults.Json(new KalshiMarketsPage(page, next), KalshiJsonContext.Default.KalshiMarketsPage);
    }

    /// <summary>Markets in ticker order after <paramref name="after"/>: pages stay stable while markets are added.</summary>
    private static IEnumerable<SimMarket> SortedMarkets(SimExchange exchange, string? after)
    {
        var sorted = exchange.MarketsByTicker();
        var start = 0;
        if (after is not null)
        {
            var lo = 0;
            var hi = sorted.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (string.CompareOrdinal(sorted[mid].Ticker, after) <= 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            start = lo;
        }

        for (var i = start; i < sorted.Length; i++)
        {
            yield return sorted[i];
        }
    }

    private static IResult GetMarket(SimEngine engine, string ticker)
    {
        lock (engine.Exchange.Sync)
        {
            return engine.Exchange.Find(ticker) is { } market
                ? TypedResults.Json(new KalshiMarketResponse(SimRestMapper.Market(market)), KalshiJsonContext.Default.KalshiMarketResponse)
                : Error(404, "not_found", "market not found");
        }
    }

    private static IResult GetOrderbook(SimEngine engine, string ticker, int? depth)
    {
        if (depth is < 0 or > 100)
        {
            return Error(400, "invalid_parameters", "depth must be from 0 to 100");
        }

        lock (engine.Exchange.Sync)
        {
            return engine.Exchange.Find(ticker) is { } market
                ? TypedResults.Json(new KalshiOrderbookResponse(SimRestMapper.Orderbook(market.Book, depth ?? 0)), KalshiJsonContext.Default.KalshiOrderbookResponse)
                : Error(404, "not_found", "market not found");
        }
    }

    private static IResult GetTrades(SimEngine engine, string? limit, string? cursor, string? ticker, long? min_ts, long? max_ts)
    {
        if (!TryLimit(limit, 100, 1000, out var pageSize))
        {
            return Error(400, "invalid_parameters", "limit must be an integer from 1 to 1000");
        }

        long before = long.MaxValue;
        if (!SimCursor.TryDecode(cursor, out var after) || (after is not null && !long.TryParse(after, System.Globalization.CultureInfo.InvariantCulture, out before)))
        {
            return Error(400, "invalid_parameters", "cursor is not valid");
        }

        var page = new List<KalshiRestTrade>();
        long last = 0;
        var more = false;
        lock (engine.Exchange.Sync)
        {
            var trades = engine.Exchange.Trades;

            // Newest first, as Kalshi answers.
            for (var i = trades.Count - 1; i >= 0; i--)
            {
                var t = trades[i];
                if (t.Number >= before || (ticker is { Length: > 0 } && t.Ticker != ticker) || (min_ts is { } min && t.TsMs / 1000 < min) || (max_ts is { } max && t.TsMs / 1000 > max))
                {
                    continue;
                }

                if (page.Count == pageSize)
                {
                    more = true;
                    break;
                }

                page.Add(SimRestMapper.Trade(t));
                last = t.Number;
            }
        }

        var next = more ? SimCursor.Encode(last.ToString(System.Globalization.CultureInfo.InvariantCulture)) : "";
        return TypedResults.Json(new KalshiTradesPage(page, next), KalshiJsonContext.Default.KalshiTradesPage);
    }

    private static IResult GetEvents(SimEngine engine, string? limit, string? cursor, string? status, string? series_ticker, bool? with_nested_markets)
    {
        if (!TryLimit(limit, 200, 200, out var pageSize))
        {
            return Error(400, "invalid_parameters", "limit must be an integer from 1 to 200");
        }

        if (!SimRestMapper.TryParseFilter(status, out var statusFilter) || status == "paused")
        {
            return Error(400, "invalid_parameters", $"status '{status}' is not one of unopened, open, closed, settled");
        }

        if (!SimCursor.TryDecode(cursor, out var after))
        {
            return Error(400, "invalid_parameters", "cursor is not valid");
        }

        var page = new List<KalshiEvent>();
        var more = false;
        lock (engine.Exchange.Sync)
        {
            foreach (var e in engine.Exchange.Events.OrderBy(e => e.Ticker, StringComparer.Ordinal))
            {
                if ((after is not null && string.CompareOrdinal(e.Ticker, after) <= 0)
                    || (series_ticker is { Length: > 0 } && e.Series.Ticker != series_ticker)
                    || (statusFilter is not null && !e.Markets.Any(m => statusFilter(m.Status))))
                {
                    continue;
                }

                if (page.Count == pageSize)
                {
                    more = true;
                    break;
                }

                page.Add(SimRestMapper.Event(e, with_nested_markets == true));
            }
        }

        return TypedResults.Json(new KalshiEventsPage(page, more ? SimCursor.Encode(page[^1].EventTicker) : ""), KalshiJsonContext.Default.KalshiEventsPage);
    }

    private static IResult GetEvent(SimEngine engine, string ticker)
    {
        lock (engine.Exchange.Sync)
        {
            return engine.Exchange.FindEvent(ticker) is { } e
                ? TypedResults.Json(new KalshiEventResponse(SimRestMapper.Event(e, nested: false), e.Markets.Select(SimRestMapper.Market).ToList()), KalshiJsonContext.Default.KalshiEventResponse)
                : Error(404, "not_found", "event not found");
        }
    }

    private static IResult GetSeries(SimEngine engine, string? category, string? tags)
    {
        var wanted = string.IsNullOrEmpty(tags) ? null : tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var list = engine.Exchange.Series
            .Where(s => (string.IsNullOrEmpty(category) || s.Category == category) && (wanted is null || s.Tags.Any(wanted.Contains)))
            .Select(SimRestMapper.Series)
            .ToList();
        return TypedResults.Json(new KalshiSeriesList(list), KalshiJsonContext.Default.KalshiSeriesList);
    }

    private static IResult GetOneSeries(SimEngine engine, string ticker) =>
        engine.Exchange.Series.FirstOrDefault(s => s.Ticker == ticker) is { } s
            ? TypedResults.Json(new KalshiSeriesResponse(SimRestMapper.Series(s)), KalshiJsonContext.Default.KalshiSeriesResponse)
            : Error(404, "not_found", "series not found");
}
