using Ssmd.Kalshi;

namespace Ssmd.KalshiSim.Model;

/// <summary>One market: its definition, lifecycle state, book and trading summary. Mutated only under the exchange lock.</summary>
internal sealed class SimMarket(int index, string ticker, string id, SimEvent simEvent, PriceGrid grid)
{
    public int Index { get; } = index;

    public string Ticker { get; } = ticker;

    public string Id { get; } = id;

    public SimEvent Event { get; } = simEvent;

    public PriceGrid Grid { get; } = grid;

    public string YesSubTitle { get; init; } = "";

    public decimal? FloorStrike { get; init; }

    public int ExchangeIndex { get; init; }

    public long CreatedMs { get; init; }

    public long UpdatedMs { get; set; }

    public long OpenMs { get; set; }

    public long CloseMs { get; set; }

    public long ExpectedExpirationMs { get; set; }

    public long LatestExpirationMs { get; set; }

    public int SettlementTimerSeconds { get; init; } = 60;

    public SimMarketStatus Status { get; set; }

    public KalshiBook Book { get; } = new();

    /// <summary>Fair YES value the order flow drifts around, in price units.</summary>
    public long Fair { get; set; }

    public KalshiPrice LastPrice { get; set; }

    public KalshiSize LastTradeSize { get; set; }

    public KalshiSize Volume { get; set; }

    public KalshiSize OpenInterest { get; set; }

    /// <summary>Traded notional in price units × size units (divide by 10^6 for dollars).</summary>
    public long NotionalUnits { get; set; }

    public string Result { get; set; } = "";

    public KalshiPrice? SettlementValue { get; set; }

    public long? DeterminedMs { get; set; }

    public long? SettledMs { get; set; }

    public long TradeCount { get; set; }

    public bool IsTradable => Status == SimMarketStatus.Active;
}
