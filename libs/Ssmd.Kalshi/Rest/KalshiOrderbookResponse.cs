namespace Ssmd.Kalshi.Rest;

/// <summary><c>GET /markets/{ticker}/orderbook</c>.</summary>
public sealed record KalshiOrderbookResponse(KalshiOrderbookFp OrderbookFp);
