using System.Buffers;

namespace Ssmd.KalshiSim.WebSockets;

/// <summary>
/// The upgraded connection's stream, shared by the WebSocket and the heartbeat: writes are serialised
/// so a ping frame lands between two whole frames (the .NET WebSocket writes each frame in one call),
/// and reads are timed so a client that stops answering is noticed. The .NET WebSocket cannot send a
/// ping with a chosen payload, and Kalshi's carries the ASCII <c>heartbeat</c>.
/// </summary>
internal sealed class SimHeartbeatStream(Stream inner) : Stream
{
    // FIN + opcode 0x9 (ping), unmasked, 9-byte payload "heartbeat" (RFC 6455 §5.5.2).
    private static readonly byte[] PingFrame = [0x89, 0x09, .. "heartbeat"u8];

    private const int CorkLimit = 32 * 1024;

    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> corked = new(CorkLimit * 2);
    private volatile bool corking;
    private long lastReadTicks = Environment.TickCount64;

    /// <summary>When bytes last arrived from the client (pongs included), in <see cref="Environment.TickCount64"/> ms.</summary>
    public long LastReadTicks => Interlocked.Read(ref lastReadTicks);

    /// <summary>
    /// Hold frames in memory until <see cref="UncorkAsync"/> (or 32 KiB): the send loop corks while it drains
    /// a burst, so a burst costs one socket write instead of one per frame.
    /// </summary>
    public void Cork() => corking = true;

    /// <summary>Writes out whatever was held and stops holding.</summary>
    public async ValueTask UncorkAsync(CancellationToken ct)
    {
        corking = false;
        await writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await WriteCorkedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async ValueTask WriteCorkedAsync(CancellationToken ct)
    {
        if (corked.WrittenCount > 0)
        {
            await inner.WriteAsync(corked.WrittenMemory, ct).ConfigureAwait(false);
            corked.Clear();
        }
    }

    public async Task PingAsync(CancellationToken ct)
    {
        await writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await WriteCorkedAsync(ct).ConfigureAwait(false);
            await inner.WriteAsync(PingFrame, ct).ConfigureAwait(false);
            await inner.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n > 0)
        {
            Interlocked.Exchange(ref lastReadTicks, Environment.TickCount64);
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (corking)
            {
                corked.Write(buffer.Span);
                if (corked.WrittenCount >= CorkLimit)
                {
                    await WriteCorkedAsync(cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            // Anything held goes first, so frames never overtake each other.
            await WriteCorkedAsync(cancellationToken).ConfigureAwait(false);
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteCorkedAsync(cancellationToken).ConfigureAwait(false);
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            writeLock.Dispose();
        }

        base.Dispose(disposing);
    }
}
