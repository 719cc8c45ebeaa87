using Ssmd.Streams;

namespace Ssmd.Storage.Internal;

/// <summary>A sequence of normalized events in receive-time order, one merge input.</summary>
internal interface IEventSource : IAsyncDisposable
{
    NormalizedKind Kind { get; }

    string Ticker { get; }

    long ReceiveTime { get; }

    /// <summary>The current message's framed bytes (valid until the next move).</summary>
    ReadOnlyMemory<byte> Message { get; }

    ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken);
}
