namespace Ssmd.Environments;

/// <summary>Where the connector takes Kalshi market data from (<c>feed.source</c>).</summary>
public enum FeedSource
{
    /// <summary>The Kalshi-compatible simulator (<c>simulator</c>); needs no credentials.</summary>
    Simulator,

    /// <summary>The real Kalshi exchange (<c>kalshi</c>); needs URLs and signing credentials.</summary>
    Kalshi,
}
