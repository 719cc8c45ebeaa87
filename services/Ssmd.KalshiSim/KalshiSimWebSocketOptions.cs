namespace Ssmd.KalshiSim;

/// <summary>WebSocket behaviour (<c>KalshiSim:WebSocket</c>).</summary>
public sealed class KalshiSimWebSocketOptions
{
    /// <summary>Ping every this many seconds (Kalshi: 10).</summary>
    public int PingIntervalSeconds { get; set; } = 10;

    /// <summary>Close a client that has not answered a ping within this many seconds.</summary>
    public int PongTimeoutSeconds { get; set; } = 30;

    /// <summary>Frames queued per connection before the exchange waits for the client.</summary>
    public int SendQueueCapacity { get; set; } = 16_384;

    /// <summary>Markets one subscription may hold (error 26 beyond).</summary>
    public int MaxMarketsPerSubscription { get; set; } = 100_000;
}
