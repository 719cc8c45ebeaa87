namespace Ssmd.Kalshi.Rest;

/// <summary><c>GET /series/{ticker}</c>.</summary>
public sealed record KalshiSeriesResponse(KalshiSeries Series);
