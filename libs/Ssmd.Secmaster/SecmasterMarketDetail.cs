namespace Ssmd.Secmaster;

/// <summary>A market with its whole history, oldest first.</summary>
/// <param name="Market">The market now.</param>
/// <param name="History">Every recorded change.</param>
public sealed record SecmasterMarketDetail(SecmasterMarket Market, IReadOnlyList<SecmasterHistoryEntry> History);
