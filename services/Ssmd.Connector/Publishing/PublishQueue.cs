using System.Threading.Channels;

namespace Ssmd.Connector.Publishing;

/// <summary>
/// The bounded buffer between the WebSocket read loops and JetStream. Writers never wait: when it is
/// full the frame is refused, and the caller counts and reports the loss (the read loop must keep
/// reading, or Kalshi ends the subscription with error 25).
/// </summary>
internal sealed class PublishQueue
{
    private readonly Channel<OutboundFrame> _channel;
    private readonly ConnectorStats _stats;

    public PublishQueue(int capacity, ConnectorStats stats)
    {
        Capacity = capacity;
        _stats = stats;
        _channel = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full; nobody waits
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public int Capacity { get; }

    public int Count => _channel.Reader.Count;

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

    /// <summary>No more frames: the publisher drains what is queued and stops.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
