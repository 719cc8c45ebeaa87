namespace Ssmd.Gateway;

/// <summary>The gateway's settings (section <c>Gateway</c>), checked at start-up.</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway";

    /// <summary>
    /// The API keys allowed in, by their SHA-256 hash only (the key itself is never stored or logged).
    /// Empty: every request but <c>/v1/health</c> and the OpenAPI document is refused.
    /// </summary>
    public List<GatewayApiKey> ApiKeys { get; set; } = [];

    /// <summary>Events a client's queue holds before its book and ticker updates are coalesced.</summary>
    public int ClientQueueCapacity { get; set; } = 4096;

    /// <summary>Extra room past <see cref="ClientQueueCapacity"/> for trades and status events, which are never coalesced.</summary>
    public int ClientQueueReserve { get; set; } = 1024;

    /// <summary>A client whose socket takes nothing for this long is disconnected (close code 1008).</summary>
    public TimeSpan SlowClientTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest client message read; a larger one is discarded and answered with an error event.</summary>
    public int MaxMessageBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Symbols one client may be subscribed to at once.</summary>
    public int MaxSymbolsPerClient { get; set; } = 1000;

    /// <summary>Client messages per second served; more are answered with a <c>rate_limited</c> error.</summary>
    public int MaxMessagesPerSecond { get; set; } = 50;

    /// <summary>Client messages in one second past which the client is disconnected as a flood (close code 1008).</summary>
    public int FloodMessagesPerSecond { get; set; } = 500;

    /// <summary>WebSocket clients served at once; more are refused with 503.</summary>
    public int MaxClients { get; set; } = 5000;

    /// <summary>Recent trades kept per market for <c>/v1/markets/{ticker}/trades</c>.</summary>
    public int RecentTradesPerMarket { get; set; } = 1000;

    /// <summary>WebSocket ping interval.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);
}
