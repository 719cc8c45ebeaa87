using Ssmd.Kalshi;

namespace Ssmd.KalshiSim.Model;

internal sealed partial class SimExchange
{
    /// <summary>
    /// The market a replayed frame belongs to, registered on first sight so subscriptions, REST and
    /// ground truth see it. Series and event come from the ticker's parts (SERIES-EVENT-MARKET).
    /// </summary>
    public SimMarket ReplayMarket(string ticker, string? marketId)
    {
        if (byTicker.TryGetValue(ticker, out var known))
        {
            return known;
        }

        var dash = ticker.LastIndexOf('-');
        var eventTicker = dash > 0 ? ticker[..dash] : ticker;
        var seriesDash = ticker.IndexOf('-', StringComparison.Ordinal);
        var seriesTicker = seriesDash > 0 ? ticker[..seriesDash] : ticker;
        var s = series.FirstOrDefault(x => x.Ticker == seriesTicker);
        if (s is null)
        {
            s = new SimSeries(seriesTicker, seriesTicker, "Replay", [], "");
            series.Add(s);
        }

        if (!eventsByTicker.TryGetValue(eventTicker, out var e))
        {
            e = new SimEvent(eventTicker, s, eventTicker, "", NowMs, mutuallyExclusive: false);
            events.Add(e);
            eventsByTicker[eventTicker] = e;
        }

        var market = new SimMarket(markets.Count, ticker, string.IsNullOrEmpty(marketId) ? new Guid(RandomBytes()).ToString() : marketId, e, PriceGrid.LinearCent)
        {
            CreatedMs = NowMs,
            UpdatedMs = NowMs,
            Status = SimMarketStatus.Active,
            OpenMs = NowMs,
            CloseMs = NowMs + Day,
        };
        markets.Add(market);
        byTicker[ticker] = market;
        e.Markets.Add(market);
        return market;
    }

    /// <summary>
    /// A replayed trade, kept for REST <c>/markets/trades</c> under the tape's own trade id and exchange time,
    /// as Kalshi serves the trades it streamed: a client that lost its connection backfills them from there.
    /// </summary>
    public void ReplayTrade(SimMarket market, string tradeId, KalshiPrice yesPrice, KalshiSize count, KalshiSide taker, long tsMs)
    {
        tradeNumber++;
        Remember(new SimTradeRecord(tradeNumber, tradeId, market.Ticker, yesPrice, count, taker, tsMs));
    }
}
