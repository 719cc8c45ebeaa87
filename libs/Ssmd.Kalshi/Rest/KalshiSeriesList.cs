namespace Ssmd.Kalshi.Rest;

/// <summary><c>GET /series</c>.</summary>
public sealed record KalshiSeriesList(IReadOnlyList<KalshiSeries> Series);
