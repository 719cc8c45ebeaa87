namespace Ssmd.Kalshi;

/// <summary>One band of a market's price grid: prices from <see cref="Start"/> to <see cref="End"/> in steps of <see cref="Step"/>.</summary>
public readonly record struct KalshiPriceRange(KalshiPrice Start, KalshiPrice End, KalshiPrice Step);
