using System.Buffers;

namespace Ssmd.Capnp;

/// <summary>
/// Writes a sequence of framed messages to a stream, one after another, as the normalized archive
/// stores them (wrap the stream in a zstd compression stream for the archive files).
/// </summary>
public sealed class CapnpStreamWriter
{
    private readonly Stream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    /// <summary>Writes to <paramref name="stream"/> (not disposed by this writer).</summary>
    public CapnpStreamWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>Messages written.</summary>
    public long MessagesWritten { get; private set; }

    /// <summary>Appends one message.</summary>
    public void Write(MessageBuilder message)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.WriteTo(_stream);
        MessagesWritten++;
    }

    /// <summary>Appends one already-framed message (bytes as received from NATS, say) after checking its framing.</summary>
    public void Write(ReadOnlySpan<byte> framedMessage)
    {
        int length = MessageReader.GetFrameLength(framedMessage);
        if (length != framedMessage.Length)
        {
            throw new CapnpFormatException($"Expected one framed message of {length} bytes, got {framedMessage.Length} bytes.");
        }

        _stream.Write(framedMessage);
        MessagesWritten++;
    }

    /// <summary>Appends one message asynchronously (framed into a reused buffer, then written).</summary>
    public async ValueTask WriteAsync(MessageBuilder message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        _buffer.ResetWrittenCount();
        message.WriteTo(_buffer);
        await _stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        MessagesWritten++;
    }

    /// <summary>Flushes the stream.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _stream.FlushAsync(cancellationToken);
}
