namespace Ssmd.Kalshi.Rest;

/// <summary>A <c>price_ranges</c> entry of the REST Market object.</summary>
public sealed record KalshiRestPriceRange(KalshiPrice Start, KalshiPrice End, KalshiPrice Step);
