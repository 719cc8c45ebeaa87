using System.Buffers;

namespace Ssmd.Connector.Publishing;

/// <summary>
/// A received frame on its way to JetStream: the raw bytes (pooled) and the normalized events made from
/// it. The buffers return to the pool once every publish of the frame is acknowledged.
/// </summary>
internal sealed class OutboundFrame
{
    private List<NormalizedMessage>? _normalized;

    /// <summary>The raw frame (pooled), or null for events with no frame of their own (REST backfill).</summary>
    public byte[]? RawBuffer { get; init; }

    public int RawLength { get; init; }

    public string? RawSubject { get; init; }

    public string? RawMessageId { get; init; }

    /// <summary>When the frame arrived, Unix nanoseconds.</summary>
    public long ReceiveNanoseconds { get; init; }

    public long? Sid { get; init; }

    public long? Seq { get; init; }

    /// <summary><c>use_yes_price</c> of the subscription, recorded on raw orderbook frames.</summary>
    public bool? UseYesPrice { get; init; }

    /// <summary>ssmd's own <c>ssmd_data_loss</c> marker, not a received frame (not counted as one).</summary>
    public bool IsLossMarker { get; init; }

    /// <summary>W3C traceparent of the frame's activity, when tracing listens.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The trade_id of the trade normalized from this frame, if any: forgotten again when the frame is dropped.</summary>
    public string? TradeId { get; set; }

    /// <summary>Exchange time (Unix ms) of that trade: where a backfill starts once it is safely queued.</summary>
    public long TradeMs { get; set; }

    public ReadOnlyMemory<byte> Raw => RawBuffer.AsMemory(0, RawLength);

    public IReadOnlyList<NormalizedMessage> Normalized => (IReadOnlyList<NormalizedMessage>?)_normalized ?? [];

    /// <summary>Messages this frame publishes.</summary>
    public int MessageCount => (RawBuffer is null ? 0 : 1) + (_normalized?.Count ?? 0);

    /// <summary>Publishes of this frame not yet acknowledged (set by the publisher).</summary>
    public int Outstanding;

    public void Add(NormalizedMessage message) => (_normalized ??= new List<NormalizedMessage>(1)).Add(message);

    /// <summary>Returns the pooled buffers; the frame is not used afterwards.</summary>
    public void Release()
    {
        if (RawBuffer is not null)
            ArrayPool<byte>.Shared.Return(RawBuffer);
        if (_normalized is not null)
        {
            foreach (var message in _normalized)
                ArrayPool<byte>.Shared.Return(message.Buffer);
        }
    }
}
