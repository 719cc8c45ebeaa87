using System.Threading.Channels;

namespace Ssmd.Connector.Publishing;

/// <summary>
/// The bounded buffer between the WebSocket read loops and JetStream. Writers never wait: when it is
/// full the frame is refused, and the caller counts and reports the loss (the read loop must keep
/// reading, or Kalshi ends the subscription with error 25). The one exception is pacing: past
/// <see cref="SlowDepth"/> a read loop may wait a bounded time for the publisher to catch up
/// (<see cref="WaitBelowSlowDepthAsync"/>), so a NATS that is slow but alive slows the reading instead of
/// losing frames; a NATS that does not move within that time is "stalled" and nobody waits again until
/// it drains.
/// </summary>
internal sealed class PublishQueue
{
    private readonly Channel<OutboundFrame> _channel;
    private readonly ConnectorStats _stats;

    private readonly Lock _gate = new();
    private TaskCompletionSource? _belowSlowDepth;
    private volatile bool _stalled;

    public PublishQueue(int capacity, ConnectorStats stats, int slowDepth = int.MaxValue)
    {
        Capacity = capacity;
        SlowDepth = slowDepth;
        _stats = stats;
        _channel = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full; nobody waits
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public int Capacity { get; }

    /// <summary>The depth past which read loops wait (bounded) for the publisher.</summary>
    public int SlowDepth { get; }

    /// <summary>Frames queued: the depth the stats keep anyway (a bounded channel's own Count takes its lock).</summary>
    public int Count => (int)_stats.BufferDepth;

    /// <summary>The publisher did not bring the queue below <see cref="SlowDepth"/> within a read loop's wait.</summary>
    public bool Stalled => _stalled;

    /// <summary>True when a read loop should wait for the publisher before reading on.</summary>
    public bool ShouldPace => !_stalled && Count >= SlowDepth;

    public ChannelReader<OutboundFrame> Reader => _channel.Reader;

    /// <summary>Queues the frame, or returns false (the frame is then the caller's to release) when full.</summary>
    public bool TryEnqueue(OutboundFrame frame)
    {
        if (!_channel.Writer.TryWrite(frame))
            return false;
        _stats.AddBufferDepth(1);
        return true;
    }

    /// <summary>
    /// Queues the frame, waiting for room: for producers off the read loop (REST backfills), which can wait
    /// and so never lose what they bring.
    /// </summary>
    public async ValueTask EnqueueAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        await _channel.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        _stats.AddBufferDepth(1);
    }

    /// <summary>Takes the next frame (the publisher); wakes read loops waiting for the queue to shrink.</summary>
    public bool TryRead(out OutboundFrame frame)
    {
        if (!_channel.Reader.TryRead(out frame!))
            return false;
        _stats.AddBufferDepth(-1);
        if ((_belowSlowDepth is not null || _stalled) && Count < SlowDepth)
        {
            lock (_gate)
            {
                _stalled = false;
                _belowSlowDepth?.TrySetResult();
                _belowSlowDepth = null;
            }
        }

        return true;
    }

    /// <summary>
    /// Waits until the queue is below <see cref="SlowDepth"/>, at most <paramref name="wait"/>; when it
    /// does not get there the queue is marked stalled (and the first waiter to find that out is told so).
    /// </summary>
    public async ValueTask<PaceOutcome> WaitBelowSlowDepthAsync(TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        Task below;
        lock (_gate)
        {
            if (_stalled)
                return PaceOutcome.Stalled;
            if (Count < SlowDepth)
                return PaceOutcome.CaughtUp;
            below = (_belowSlowDepth ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        try
        {
            await below.WaitAsync(wait, time, cancellationToken).ConfigureAwait(false);
            return PaceOutcome.CaughtUp;
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                if (Count < SlowDepth)
                    return PaceOutcome.CaughtUp;
                if (_stalled)
                    return PaceOutcome.Stalled;
                _stalled = true;
                return PaceOutcome.StalledNow;
            }
        }
    }

    /// <summary>No more frames: the publisher drains what is queued and stops.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}

/// <summary>How a read loop's wait for the publisher ended.</summary>
internal enum PaceOutcome
{
    /// <summary>The queue is below the slow depth again: read on.</summary>
    CaughtUp,

    /// <summary>The publisher did not catch up within the wait: from now on nobody waits (frames past capacity are dropped).</summary>
    StalledNow,

    /// <summary>Already stalled: read on without waiting.</summary>
    Stalled,
}
