namespace Ssmd.Secmaster.Internal;

/// <summary>One parsed <c>GET /markets</c> page, and when it was asked for (what it shows is at least that recent).</summary>
internal sealed record MarketPage(IReadOnlyList<MarketRow> Rows, string? NextCursor)
{
    public DateTimeOffset? ReadAt { get; init; }
}
