namespace Ssmd.Secmaster;

/// <summary>One page of markets in ticker order.</summary>
/// <param name="Markets">The markets.</param>
/// <param name="NextAfter">Pass as <c>after</c> for the next page; null at the end.</param>
public sealed record SecmasterMarketPage(IReadOnlyList<SecmasterMarket> Markets, string? NextAfter);
