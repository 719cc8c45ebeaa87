using Ssmd.Gateway.Protocol;

namespace Ssmd.Gateway;

/// <summary>The gateway's counters, read by its metrics and by tests. Thread-safe.</summary>
public sealed class GatewayStats
{
    private static readonly int Kinds = Enum.GetValues<EventKind>().Length;
    private readonly long[] _sent = new long[Kinds];
    private readonly long[] _coalesced = new long[Kinds];
    private readonly long[] _dropped = new long[Kinds];
    private readonly long[] _disconnects = new long[Enum.GetValues<DisconnectReason>().Length];
    private long _feedMessages;
    private long _feedErrors;
    private long _feedDropped;
    private long _feedGaps;
    private long _clientErrors;
    private long _bookDeltasWithoutSnapshot;

    /// <summary>Events sent to clients, by <c>type</c>.</summary>
    public long Sent(string type) => Read(_sent, type);

    /// <summary>Book and ticker updates a slow client skipped (it got a fresh snapshot instead), by <c>type</c>.</summary>
    public long Coalesced(string type) => Read(_coalesced, type);

    /// <summary>Trades and status events a slow client did not get (it got a <c>gap</c> event instead), by <c>type</c>.</summary>
    public long Dropped(string type) => Read(_dropped, type);

    /// <summary>Clients disconnected, by reason.</summary>
    public long Disconnects(DisconnectReason reason) => Interlocked.Read(ref _disconnects[(int)reason]);

    /// <summary>Normalized messages applied from the stream.</summary>
    public long FeedMessages => Interlocked.Read(ref _feedMessages);

    /// <summary>Normalized messages that could not be read (counted and skipped).</summary>
    public long FeedErrors => Interlocked.Read(ref _feedErrors);

    /// <summary>
    /// Feed messages the NATS client dropped because the feed fell behind (its ordered consumer then
    /// restarts after the last applied message, so no client sees a gap; each one is wasted work).
    /// </summary>
    public long FeedDropped => Interlocked.Read(ref _feedDropped);

    /// <summary>
    /// Times the stream lost continuity under the feed: messages removed before they were read (limits, age) or
    /// the stream deleted and created again. Every book is then unknown until its market's next snapshot.
    /// </summary>
    public long FeedGaps => Interlocked.Read(ref _feedGaps);

    /// <summary>
    /// Book changes skipped because their market's book was never seen whole (no snapshot on the stream yet,
    /// e.g. after the stream was trimmed); the market's next snapshot makes its book known.
    /// </summary>
    public long BookDeltasWithoutSnapshot => Interlocked.Read(ref _bookDeltasWithoutSnapshot);

    /// <summary>Error events sent for bad client input.</summary>
    public long ClientErrors => Interlocked.Read(ref _clientErrors);

    internal void AddSent(EventKind kind) => Interlocked.Increment(ref _sent[(int)kind]);

    internal void AddCoalesced(EventKind kind) => Interlocked.Increment(ref _coalesced[(int)kind]);

    internal void AddDropped(EventKind kind) => Interlocked.Increment(ref _dropped[(int)kind]);

    internal void AddDisconnect(DisconnectReason reason) => Interlocked.Increment(ref _disconnects[(int)reason]);

    internal void AddFeedMessage() => Interlocked.Increment(ref _feedMessages);

    internal void AddFeedError() => Interlocked.Increment(ref _feedErrors);

    internal void AddFeedDropped() => Interlocked.Increment(ref _feedDropped);

    internal void AddFeedGap() => Interlocked.Increment(ref _feedGaps);

    internal void AddBookDeltaWithoutSnapshot() => Interlocked.Increment(ref _bookDeltasWithoutSnapshot);

    internal void AddClientError() => Interlocked.Increment(ref _clientErrors);

    private static long Read(long[] counters, string type)
    {
        var index = Array.IndexOf(EventKinds.Names, type);
        return index < 0 ? 0 : Interlocked.Read(ref counters[index]);
    }
}

/// <summary>Why a client's connection ended.</summary>
public enum DisconnectReason
{
    /// <summary>The client closed, or the connection dropped.</summary>
    Closed,

    /// <summary>The client took nothing for <see cref="GatewayOptions.SlowClientTimeout"/> (close code 1008).</summary>
    SlowConsumer,

    /// <summary>The client sent more than <see cref="GatewayOptions.FloodMessagesPerSecond"/> (close code 1008).</summary>
    Flood,

    /// <summary>The gateway is stopping (close code 1001).</summary>
    Shutdown,
}
