using Ssmd.KalshiSim.Model;
using Ssmd.KalshiSim.Rest;

namespace Ssmd.KalshiSim.Admin;

/// <summary>What the exchange holds at one moment: every market's exact book and state, and recent trades.</summary>
internal sealed record SimGroundTruth(long Step, long NowMs, IReadOnlyList<SimGroundTruthMarket> Markets, long TradeCount)
{
    public static SimGroundTruth Capture(SimExchange exchange, HashSet<string>? tickers)
    {
        var markets = exchange.Markets
            .Where(m => tickers is null || tickers.Contains(m.Ticker))
            .Select(m => new SimGroundTruthMarket(
                m.Ticker,
                SimRestMapper.StatusName(m.Status),
                m.Book.Yes.Levels.Select(l => (IReadOnlyList<string>)[l.Price.ToString(), l.Size.ToString()]).ToList(),
                m.Book.No.Levels.Select(l => (IReadOnlyList<string>)[l.Price.ToString(), l.Size.ToString()]).ToList(),
                m.LastPrice.ToString(),
                m.Volume.ToString(),
                m.OpenInterest.ToString(),
                m.TradeCount,
                m.Result))
            .ToList();
        return new SimGroundTruth(exchange.Steps, exchange.NowMs, markets, exchange.Trades.Count == 0 ? 0 : exchange.Trades[^1].Number);
    }
}
