namespace Ssmd.Connector.Feed;

/// <summary>What a connection tells the orchestrator: a lifecycle change, or a request to re-read the markets.</summary>
/// <param name="Ticker">The market, or null for a sweep request.</param>
/// <param name="EventType">The lifecycle <c>event_type</c> (<c>created</c>, <c>settled</c>…), or null for a sweep.</param>
internal sealed record MarketEvent(string? Ticker, string? EventType)
{
    public static MarketEvent Sweep { get; } = new(null, null);
}
