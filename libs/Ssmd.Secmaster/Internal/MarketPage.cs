namespace Ssmd.Secmaster.Internal;

/// <summary>One parsed <c>GET /markets</c> page.</summary>
internal sealed record MarketPage(IReadOnlyList<MarketRow> Rows, string? NextCursor);
