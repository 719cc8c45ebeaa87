using Ssmd.Capnp;
using Ssmd.Streams;
using ZstdSharp;

namespace Ssmd.Storage.Internal;

/// <summary>
/// Reads one normalized file: framed messages out of a zstd stream, each with its receive time. Frames
/// are cut with <see cref="MessageReader.GetFrameLength(ReadOnlySpan{byte}, ReaderOptions?)"/> in a
/// buffer of its own, so the exact bytes of each message are at hand (<see cref="Current"/>).
/// </summary>
internal sealed class NormalizedFileReader : IAsyncDisposable
{
    // Far above any normalized event (a full book is a few kB): a corrupt length must not make us allocate it.
    private const int MaxFrameBytes = 64 << 20;

    private readonly Stream _source;
    private readonly DecompressionStream _zstd;
    private readonly MessageReader _message = new();
    private byte[] _buffer = new byte[1 << 14];
    private int _start;
    private int _end;
    private bool _eof;

    public NormalizedFileReader(Stream source, NormalizedKind kind, string ticker)
    {
        _source = source;
        _zstd = new DecompressionStream(source, leaveOpen: false);
        Kind = kind;
        Ticker = ticker;
    }

    public NormalizedKind Kind { get; }

    public string Ticker { get; }

    public long MessagesRead { get; private set; }

    /// <summary>The framed bytes of the current message (valid until the next read).</summary>
    public ReadOnlyMemory<byte> Current { get; private set; }

    /// <summary>Loads the next message and returns its receive time; null at a clean end.</summary>
    /// <exception cref="CapnpFormatException">Bad bytes, or the file is cut inside a message.</exception>
    public async ValueTask<long?> ReadAsync(CancellationToken cancellationToken)
    {
        _start += Current.Length;
        Current = default;
        int length;
        while ((length = Available >= 8 ? MessageReader.GetFrameLength(_buffer.AsSpan(_start, Available)) : -1) < 0 || length > Available)
        {
            if (length > MaxFrameBytes)
                throw new CapnpFormatException($"Message {MessagesRead + 1} announces {length} bytes, more than the {MaxFrameBytes} a normalized event may have.");
            if (_eof)
            {
                if (Available == 0)
                    return null;
                throw new CapnpFormatException($"The file ends inside message {MessagesRead + 1} ({Available} bytes left over).");
            }

            await FillAsync(Math.Max(length, 8), cancellationToken).ConfigureAwait(false);
        }

        Current = _buffer.AsMemory(_start, length);
        _message.Load(Current);
        MessagesRead++;
        return NormalizedArchiveFormat.ReceiveTime(Kind, _message);
    }

    private int Available => _end - _start;

    private async ValueTask FillAsync(int want, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, Available);
            _end = Available;
            _start = 0;
        }

        if (_buffer.Length < want || _end == _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(want, _buffer.Length * 2));
        int read;
        try
        {
            read = await _zstd.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            // ZstdSharp's word for a file cut inside a compressed frame: a damaged file, like any other.
            throw new CapnpFormatException($"The file is cut short inside its compression after {MessagesRead} messages.", e);
        }

        if (read == 0)
            _eof = true;
        _end += read;
    }

    public async ValueTask DisposeAsync()
    {
        await _zstd.DisposeAsync().ConfigureAwait(false);
        await _source.DisposeAsync().ConfigureAwait(false);
    }
}
