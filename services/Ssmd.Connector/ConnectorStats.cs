using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Ssmd.Kalshi.Messages;

namespace Ssmd.Connector;

/// <summary>
/// Exact counts of everything the connector did, read by its metrics and by tests. One instance per
/// process; every counter exists from start-up, so "rate is zero" alerts can fire.
/// </summary>
public sealed class ConnectorStats
{
    /// <summary>Why a frame was not (or not wholly) normalized. Every reason exists from start-up.</summary>
    public static readonly string[] Reasons =
    [
        "malformed_json",      // not JSON, or not an object with a type
        "unknown_type",        // a type ssmd does not know
        "invalid_fields",      // a known type whose fields have the wrong shape
        "duplicate",           // seq at or below the last seen for its sid
        "duplicate_trade",     // a trade_id already published (e.g. by a REST backfill that ran ahead of the socket)
        "awaiting_snapshot",   // an orderbook delta of a market whose book is being re-snapshotted
        "unknown_market",      // an orderbook delta for a market with no snapshot yet
        "negative_size",       // a delta that would make a level negative (the book is then re-snapshotted)
        "raw_only",            // replies and event_lifecycle: kept raw, nothing to normalize
    ];

    /// <summary>Frame types counted on receipt: Kalshi's types plus <c>malformed</c> (no type could be read).</summary>
    public static readonly string[] FrameTypes =
        ["subscribed", "ok", "unsubscribed", "error", "orderbook_snapshot", "orderbook_delta", "ticker", "trade", "market_lifecycle_v2", "event_lifecycle", "unknown", "malformed"];

    private readonly ConcurrentDictionary<string, StrongBox<long>> _received = Seed(FrameTypes);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _notNormalized = Seed(Reasons);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _gaps = Seed(["orderbook_delta", "trade", "market_lifecycle_v2"]);
    private long _rawPublished;
    private long _normalizedPublished;
    private long _dropped;
    private long _lossReported;
    private long _idCollisions;
    private long _resyncs;
    private long _reconnects;
    private long _publishRetries;
    private long _backfilledTrades;
    private long _backfillsAbandoned;
    private long _bufferDepth;
    private long _lagNanoseconds;
    private int _connected;
    private int _natsConnected;

    public IReadOnlyDictionary<string, long> Received => Snapshot(_received);

    public IReadOnlyDictionary<string, long> NotNormalized => Snapshot(_notNormalized);

    public IReadOnlyDictionary<string, long> Gaps => Snapshot(_gaps);

    public long RawPublished => Volatile.Read(ref _rawPublished);

    public long NormalizedPublished => Volatile.Read(ref _normalizedPublished);

    /// <summary>Frames lost because the buffer was full: each was neither published nor kept.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Dropped frames whose loss marker is stored in the raw stream; equals <see cref="Dropped"/> once reported.</summary>
    public long LossReported => Volatile.Read(ref _lossReported);

    /// <summary>Publishes JetStream answered "duplicate" on their first send: another message had their id.</summary>
    public long IdCollisions => Volatile.Read(ref _idCollisions);

    public long Resyncs => Volatile.Read(ref _resyncs);

    public long Reconnects => Volatile.Read(ref _reconnects);

    public long PublishRetries => Volatile.Read(ref _publishRetries);

    public long BackfilledTrades => Volatile.Read(ref _backfilledTrades);

    /// <summary>Trade backfills that gave up: the trades they were to recover are missing.</summary>
    public long BackfillsAbandoned => Volatile.Read(ref _backfillsAbandoned);

    public long BufferDepth => Volatile.Read(ref _bufferDepth);

    /// <summary>Now minus the exchange time of the last published event, in seconds.</summary>
    public double LagSeconds => Volatile.Read(ref _lagNanoseconds) / 1e9;

    /// <summary>Connections to Kalshi that are open and subscribed.</summary>
    public int ConnectedSockets => Volatile.Read(ref _connected);

    public bool NatsConnected => Volatile.Read(ref _natsConnected) == 1;

    internal void CountReceived(string type) => Increment(_received, _received.ContainsKey(type) ? type : "unknown");

    /// <summary>Counts one frame kept raw for <paramref name="reason"/>; returns that reason's new total.</summary>
    internal long CountNotNormalized(string reason) => Increment(_notNormalized, reason);

    internal void CountGap(string channel) => Increment(_gaps, channel);

    internal void CountRawPublished(long count = 1) => Interlocked.Add(ref _rawPublished, count);

    internal void CountNormalizedPublished(long count = 1) => Interlocked.Add(ref _normalizedPublished, count);

    internal void CountDropped(long count = 1) => Interlocked.Add(ref _dropped, count);

    internal void SetLossReported(long dropped) => Volatile.Write(ref _lossReported, dropped);

    internal void CountIdCollision() => Interlocked.Increment(ref _idCollisions);

    internal void CountResync() => Interlocked.Increment(ref _resyncs);

    internal void CountReconnect() => Interlocked.Increment(ref _reconnects);

    internal void CountPublishRetry() => Interlocked.Increment(ref _publishRetries);

    internal void CountBackfilledTrade() => Interlocked.Increment(ref _backfilledTrades);

    internal void CountBackfillAbandoned() => Interlocked.Increment(ref _backfillsAbandoned);

    internal void AddBufferDepth(long delta) => Interlocked.Add(ref _bufferDepth, delta);

    internal void SetLag(long nanoseconds) => Volatile.Write(ref _lagNanoseconds, nanoseconds);

    internal void AddConnected(int delta) => Interlocked.Add(ref _connected, delta);

    internal void SetNatsConnected(bool connected) => Volatile.Write(ref _natsConnected, connected ? 1 : 0);

    private static ConcurrentDictionary<string, StrongBox<long>> Seed(IEnumerable<string> keys) =>
        new(keys.Select(k => KeyValuePair.Create(k, new StrongBox<long>())), StringComparer.Ordinal);

    private static long Increment(ConcurrentDictionary<string, StrongBox<long>> counters, string key) =>
        Interlocked.Increment(ref counters.GetOrAdd(key, static _ => new StrongBox<long>()).Value);

    private static Dictionary<string, long> Snapshot(ConcurrentDictionary<string, StrongBox<long>> counters) =>
        counters.ToDictionary(p => p.Key, p => Volatile.Read(ref p.Value.Value), StringComparer.Ordinal);

    /// <summary>The <c>type</c> label of a frame type.</summary>
    internal static string TypeLabel(KalshiMessageType type) => type switch
    {
        KalshiMessageType.Subscribed => "subscribed",
        KalshiMessageType.Ok => "ok",
        KalshiMessageType.Unsubscribed => "unsubscribed",
        KalshiMessageType.Error => "error",
        KalshiMessageType.OrderbookSnapshot => "orderbook_snapshot",
        KalshiMessageType.OrderbookDelta => "orderbook_delta",
        KalshiMessageType.Ticker => "ticker",
        KalshiMessageType.Trade => "trade",
        KalshiMessageType.MarketLifecycleV2 => "market_lifecycle_v2",
        KalshiMessageType.EventLifecycle => "event_lifecycle",
        _ => "unknown",
    };
}
