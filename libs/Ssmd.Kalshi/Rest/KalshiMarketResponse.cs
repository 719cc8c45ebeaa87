namespace Ssmd.Kalshi.Rest;

/// <summary><c>GET /markets/{ticker}</c>.</summary>
public sealed record KalshiMarketResponse(KalshiMarket Market);
