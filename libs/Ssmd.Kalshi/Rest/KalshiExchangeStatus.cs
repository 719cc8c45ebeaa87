namespace Ssmd.Kalshi.Rest;

/// <summary><c>GET /exchange/status</c>.</summary>
public sealed record KalshiExchangeStatus(bool ExchangeActive, bool TradingActive, bool IntraExchangeTransfersActive, DateTimeOffset? ExchangeEstimatedResumeTime);
