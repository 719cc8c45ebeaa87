namespace Ssmd.Secmaster;

/// <summary>How the sync reads Kalshi's REST API (bound from <c>Secmaster:Sync</c>). Defaults suit Kalshi's Basic tier.</summary>
public sealed record SecmasterSyncSettings
{
    /// <summary>The REST base, ending in <c>/trade-api/v2</c>.</summary>
    public Uri? RestUrl { get; init; }

    /// <summary>Markets per <c>GET /markets</c> page (Kalshi's maximum is 1000).</summary>
    public int MarketPageSize { get; init; } = 1000;

    /// <summary>Events per <c>GET /events</c> page (Kalshi's maximum is 200).</summary>
    public int EventPageSize { get; init; } = 200;

    /// <summary>Requests per second the token bucket allows (Basic tier: 200 read tokens/s at 10 tokens a request).</summary>
    public int RequestsPerSecond { get; init; } = 20;

    /// <summary>Requests the bucket holds (Basic: 2 s of budget).</summary>
    public int Burst { get; init; } = 40;

    /// <summary>Retries of one request after a 429, a 5xx, a timeout or a dropped connection.</summary>
    public int MaxRetries { get; init; } = 8;

    /// <summary>The first retry's delay; later ones double, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest single request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
