namespace Ssmd.Connector;

/// <summary>
/// The connector's settings, section <c>Connector</c> (<c>Connector__BufferCapacity=500000</c>). The feed's
/// channels and markets per subscription come from the environment file; these are the process's own.
/// Validated at start; an error names its key.
/// </summary>
public sealed class ConnectorOptions
{
    public const string Section = "Connector";

    /// <summary>Kalshi's WebSocket URL; unset = the environment's <c>feed.websocketUrl</c>, else the AppHost's simulator.</summary>
    public Uri? WebSocketUrl { get; set; }

    /// <summary>Kalshi's REST base (…/trade-api/v2); unset = the environment's <c>feed.restUrl</c>, else the simulator.</summary>
    public Uri? RestUrl { get; set; }

    /// <summary>Kalshi API key id (<c>KALSHI-ACCESS-KEY</c>). With no key the handshake is unsigned, which only the simulator accepts.</summary>
    public string? ApiKeyId { get; set; }

    /// <summary>Path of the RSA private key (PEM) that signs the handshake.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The RSA private key itself (PEM), e.g. from a Kubernetes secret in an environment variable. Never logged.</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>Frames held while NATS is slow or down; beyond it frames are dropped and the loss reported.</summary>
    public int BufferCapacity { get; set; } = 200_000;

    /// <summary>
    /// Queue depth past which a read loop waits for the publisher (at most <see cref="SlowNatsWait"/>), so a
    /// NATS that is slower than the feed paces the reading instead of filling the buffer and dropping.
    /// Unset: 16,384 or half of <see cref="BufferCapacity"/>, whichever is smaller.
    /// </summary>
    public int? SlowNatsDepth { get; set; }

    internal int EffectiveSlowNatsDepth => SlowNatsDepth ?? Math.Max(1, Math.Min(16_384, BufferCapacity / 2));

    /// <summary>
    /// Longest a read loop waits for the queue to go below <see cref="SlowNatsDepth"/>. If NATS does not
    /// move within it, NATS is taken as stalled and the read loops go back to never waiting (so Kalshi never
    /// ends a subscription for a slow reader) until the queue drains; 0 turns pacing off.
    /// </summary>
    public TimeSpan SlowNatsWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// One received frame in this many gets a trace (a <c>kalshi.frame</c> activity whose <c>traceparent</c>
    /// travels with its messages); 1 traces every frame. A span per frame at tens of thousands of frames a
    /// second costs more than the parsing, and a sample shows the path as well.
    /// </summary>
    public int TraceOneFrameIn { get; set; } = 1_000;

    /// <summary>
    /// How often each orderbook connection asks Kalshi for fresh snapshots of its markets (<c>get_snapshot</c>,
    /// which leaves the subscription and its deltas as they are), so the normalized stream always holds a
    /// recent snapshot of every book: a reader that starts from the stream's oldest message (the gateway after
    /// a restart, once <c>maxBytes</c> has trimmed the stream) then rebuilds exact books. Keep it well under the
    /// time the stream holds; 0 turns it off.
    /// </summary>
    public TimeSpan SnapshotRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>JetStream publishes awaiting their ack at once.</summary>
    public int MaxPublishesInFlight { get; set; } = 4_096;

    /// <summary>
    /// Acknowledged messages kept per stream to send again if NATS crashes and loses them (nats-server
    /// acknowledges before its write reaches the file). Older losses are counted, not repaired.
    /// </summary>
    public int ReplayWindow { get; set; } = 8_192;

    /// <summary>How often each connection proves it is alive (WebSocket ping and a <c>list_subscriptions</c> probe).</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection with neither a pong, a reply nor good data for this long is dead and is replaced.</summary>
    public TimeSpan WatchdogTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How long a command waits for its reply.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First delay before reconnecting; doubles (with jitter) up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest delay between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Exit non-zero (so the orchestrator restarts the pod) when no connection could be made for this long.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the market set is re-read from REST (new and opened markets; nothing announces an open).</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Trade ids remembered to drop a trade seen twice (live and in a REST backfill).</summary>
    public int TradeIdMemory { get; set; } = 500_000;

    /// <summary>Sent explicitly with every orderbook subscription (Kalshi will flip its default); recorded on raw frames.</summary>
    public bool UseYesPrice { get; set; }
}
