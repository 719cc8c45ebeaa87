namespace Ssmd.Worker.Secmaster;

/// <summary>The worker's security-master settings (<c>Secmaster</c> section). Defaults suit Kalshi's Basic tier.</summary>
public sealed class SecmasterWorkerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Secmaster";

    /// <summary>
    /// Kalshi REST base (<c>…/trade-api/v2</c>). Unset: the environment's <c>feed.restUrl</c>, else (simulator)
    /// <c>http://kalshisim/trade-api/v2</c> through service discovery.
    /// </summary>
    public Uri? RestUrl { get; set; }

    /// <summary>Run a sync when the worker starts.</summary>
    public bool SyncAtStartup { get; set; } = true;

    /// <summary>Run a sync every day at the environment's <c>schedule.startup</c>.</summary>
    public bool SyncDaily { get; set; } = true;

    /// <summary>Markets per page, 1–1000.</summary>
    public int MarketPageSize { get; set; } = 1000;

    /// <summary>Events per page, 1–200.</summary>
    public int EventPageSize { get; set; } = 200;

    /// <summary>Requests per second (Kalshi tier: Basic 20, Advanced 30, Expert 60, Premier 100…).</summary>
    public int RequestsPerSecond { get; set; } = 20;

    /// <summary>Token bucket size in requests (Basic: 2 s of budget).</summary>
    public int Burst { get; set; } = 40;

    /// <summary>Retries per request, 0–20.</summary>
    public int MaxRetries { get; set; } = 8;

    /// <summary>First retry delay (doubles, with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest single request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delay before a failed sync is tried again.</summary>
    public TimeSpan RetryFailedSyncAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Apply lifecycle messages from the normalized stream between syncs.</summary>
    public bool ConsumeLifecycle { get; set; } = true;

    /// <summary>The durable JetStream consumer of lifecycle messages (its position survives restarts).</summary>
    public string LifecycleConsumer { get; set; } = "secmaster-lifecycle";

    /// <summary>
    /// The consumer's subject filter. Unset: <c>{exchange}.status.&gt;</c> (the normalized status messages).
    /// Start-up fails when the normalized stream does not carry it.
    /// </summary>
    public string? LifecycleFilter { get; set; }

    /// <summary>Longest wait between attempts when PostgreSQL or NATS is down while applying a lifecycle message (doubles from 200 ms).</summary>
    public TimeSpan LifecycleMaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the server waits for a lifecycle message's acknowledgement before sending it again (a worker
    /// that died holding it). Nothing later is delivered meanwhile: the consumer has one message in flight.
    /// </summary>
    public TimeSpan LifecycleAckWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Stream created for <c>{exchange}.secmaster.&gt;</c> when no stream captures it yet.</summary>
    public string StreamName { get; set; } = "KALSHI_SECMASTER";
}
