namespace Ssmd.Environments;

/// <summary>The exchange connection of an environment (<c>feed</c>).</summary>
public sealed record FeedDefinition
{
    /// <summary>The exchange, <c>kalshi</c> (the only one today). It is also the first token of every NATS subject.</summary>
    public required string Exchange { get; init; }

    /// <summary>The simulator or the real exchange.</summary>
    public required FeedSource Source { get; init; }

    /// <summary>
    /// The WebSocket endpoint (<c>wss://…/trade-api/ws/v2</c>). Always set for <see cref="FeedSource.Kalshi"/>;
    /// <see langword="null"/> for the simulator when the AppHost wires it.
    /// </summary>
    public Uri? WebSocketUrl { get; init; }

    /// <summary>
    /// The REST base (<c>https://…/trade-api/v2</c>). Always set for <see cref="FeedSource.Kalshi"/>;
    /// <see langword="null"/> for the simulator when the AppHost wires it.
    /// </summary>
    public Uri? RestUrl { get; init; }

    /// <summary>The Kalshi WebSocket channels to subscribe, e.g. <c>orderbook_delta</c>, <c>trade</c>.</summary>
    public required IReadOnlyList<string> Channels { get; init; }

    /// <summary>A recorded tape the simulator replays (simulator only); <see langword="null"/> for its market model.</summary>
    public ReplayDefinition? Replay { get; init; }

    /// <summary>How many markets one subscription carries before the connector opens another (with headroom below Kalshi's cap).</summary>
    public required int MarketsPerSubscription { get; init; }
}
