using Ssmd.Streams;

namespace Ssmd.Storage.Internal;

/// <summary>An archive file as a merge input.</summary>
internal sealed class FileEventSource(NormalizedFileReader reader) : IEventSource
{
    public NormalizedKind Kind => reader.Kind;

    public string Ticker => reader.Ticker;

    public long ReceiveTime { get; private set; }

    public ReadOnlyMemory<byte> Message => reader.Current;

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is not { } time)
            return false;
        ReceiveTime = time;
        return true;
    }

    public ValueTask DisposeAsync() => reader.DisposeAsync();
}
