using System.Buffers;
using System.Net.WebSockets;
using Ssmd.Kalshi;
using Ssmd.Kalshi.Messages;

namespace Ssmd.Connector.Feed;

/// <summary>
/// One WebSocket connection's state (one generation of a <see cref="FeedConnection"/>): sids and their
/// sequences, books, commands awaiting replies. Sids belong to the connection and restart on a new one
/// (CORRECTIONS.md A.2c), so nothing here outlives it.
/// </summary>
internal sealed class FeedSession(ClientWebSocket socket, int generation, long startTicks) : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private long _nextCommandId;
    private long _lastAliveTicks = startTicks;

    public ClientWebSocket Socket => socket;

    public int Generation => generation;

    /// <summary>When snapshots of every market were last asked for (timestamp; the session's start at first).</summary>
    public long SnapshotsAskedAt { get; set; } = startTicks;

    /// <summary>Last seq per sid.</summary>
    public Dictionary<long, long> LastSeq { get; } = [];

    /// <summary>Channel of each sid, from <c>subscribed</c> replies.</summary>
    public Dictionary<long, string> Channels { get; } = [];

    /// <summary>The orderbook subscription's sid, once subscribed.</summary>
    public long? OrderbookSid { get; set; }

    /// <summary>Markets this session has asked the orderbook subscription for (subscribe, add_markets, less delete_markets). Guarded by the connection's market set.</summary>
    public HashSet<string> OrderbookMarkets { get; } = new(StringComparer.Ordinal);

    /// <summary>Books of this connection's markets, from their snapshots.</summary>
    public Dictionary<string, KalshiBook> Books { get; } = new(StringComparer.Ordinal);

    /// <summary>Markets whose deltas are held back until a new snapshot arrives.</summary>
    public HashSet<string> AwaitingSnapshot { get; } = new(StringComparer.Ordinal);

    /// <summary>Ids of <c>get_snapshot</c> commands: an error to one of them means resubscribing.</summary>
    public HashSet<long> SnapshotCommands { get; } = [];

    /// <summary>Commands awaiting their reply, by id. Guarded by itself.</summary>
    public Dictionary<long, TaskCompletionSource<KalshiFrame>> Pending { get; } = [];

    /// <summary>Frames received on this connection: the last part of raw message ids.</summary>
    public long FrameNumber { get; set; }

    public long LastAliveTicks => Volatile.Read(ref _lastAliveTicks);

    /// <summary>Stamped by pongs, replies and good data only (never by errors).</summary>
    public void Alive(long ticks) => Volatile.Write(ref _lastAliveTicks, ticks);

    public long NextCommandId() => Interlocked.Increment(ref _nextCommandId);

    /// <summary>Sends one command frame; sends are serialized (the watchdog, the read loop and the orchestrator all send).</summary>
    public async Task SendAsync(Action<IBufferWriter<byte>> write, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        write(buffer);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a command and waits for the reply with its id (<c>subscribed</c>, <c>ok</c>, <c>unsubscribed</c> or <c>error</c>).</summary>
    public async Task<KalshiFrame> CommandAsync(Action<IBufferWriter<byte>, long> write, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = NextCommandId();
        var reply = new TaskCompletionSource<KalshiFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Pending)
            Pending[id] = reply;
        try
        {
            await SendAsync(buffer => write(buffer, id), cancellationToken).ConfigureAwait(false);
            return await reply.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (Pending)
                Pending.Remove(id);
        }
    }

    /// <summary>Hands a reply to the command waiting for it; false when none waits.</summary>
    public bool TryCompleteCommand(KalshiFrame frame)
    {
        if (frame.Id is not { } id)
            return false;
        TaskCompletionSource<KalshiFrame>? reply;
        lock (Pending)
        {
            if (!Pending.Remove(id, out reply))
                return false;
        }

        reply.TrySetResult(frame);
        return true;
    }

    /// <summary>The read loop ended: no reply can come, so commands waiting for one fail now rather than at their timeout.</summary>
    public void FailPending()
    {
        lock (Pending)
        {
            foreach (var reply in Pending.Values)
                reply.TrySetException(new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The connection ended before the reply came."));
            Pending.Clear();
        }
    }

    public void Dispose()
    {
        socket.Dispose();
        _sendLock.Dispose();
        lock (Pending)
        {
            foreach (var reply in Pending.Values)
                reply.TrySetCanceled();
            Pending.Clear();
        }
    }
}
