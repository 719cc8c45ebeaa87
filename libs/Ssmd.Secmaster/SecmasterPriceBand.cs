namespace Ssmd.Secmaster;

/// <summary>One band of a market's valid price grid, in units of 0.0001 dollar.</summary>
/// <param name="Start">Lowest price of the band.</param>
/// <param name="End">Highest price of the band.</param>
/// <param name="Step">Tick size inside the band.</param>
public sealed record SecmasterPriceBand(long Start, long End, long Step);
