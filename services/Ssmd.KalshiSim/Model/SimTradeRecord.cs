using Ssmd.Kalshi;

namespace Ssmd.KalshiSim.Model;

/// <summary>A trade as the exchange recorded it (REST <c>/markets/trades</c> and ground truth).</summary>
internal sealed record SimTradeRecord(long Number, string TradeId, string Ticker, KalshiPrice YesPrice, KalshiSize Count, KalshiSide TakerOutcomeSide, long TsMs);
