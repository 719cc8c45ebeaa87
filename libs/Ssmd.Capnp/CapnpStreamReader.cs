using Ssmd.Capnp.Internal;

namespace Ssmd.Capnp;

/// <summary>
/// Reads a sequence of framed messages from a stream. Each <see cref="Read"/> loads the next message
/// into <see cref="Message"/> (one buffer, reused; readers from the previous message become invalid).
/// A clean end of stream between messages ends the sequence; an end inside a message, or a message
/// larger than the traversal limit allows, raises <see cref="CapnpFormatException"/>.
/// </summary>
public sealed class CapnpStreamReader
{
    private readonly Stream _stream;
    private readonly ReaderOptions _options;
    private byte[] _buffer = new byte[4096];

    /// <summary>Reads from <paramref name="stream"/> (not disposed by this reader).</summary>
    public CapnpStreamReader(Stream stream, ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _options = options ?? ReaderOptions.Default;
        Message = new MessageReader(_options);
    }

    /// <summary>The message loaded by the last successful read.</summary>
    public MessageReader Message { get; }

    /// <summary>Messages read so far.</summary>
    public long MessagesRead { get; private set; }

    /// <summary>Loads the next message; false at a clean end of stream.</summary>
    public bool Read()
    {
        int have = Fill(0, 8, allowEnd: true);
        if (have == 0)
        {
            return false;
        }

        int length;
        while ((length = MessageReader.GetFrameLength(_buffer.AsSpan(0, have), _options)) < 0)
        {
            have = Fill(have, have + 8, allowEnd: false);
        }

        CheckLength(length);
        Fill(have, length, allowEnd: false);
        Load(length);
        return true;
    }

    /// <summary>Loads the next message asynchronously; false at a clean end of stream.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        int have = await FillAsync(0, 8, allowEnd: true, cancellationToken).ConfigureAwait(false);
        if (have == 0)
        {
            return false;
        }

        int length;
        while ((length = MessageReader.GetFrameLength(_buffer.AsSpan(0, have), _options)) < 0)
        {
            have = await FillAsync(have, have + 8, allowEnd: false, cancellationToken).ConfigureAwait(false);
        }

        CheckLength(length);
        await FillAsync(have, length, allowEnd: false, cancellationToken).ConfigureAwait(false);
        Load(length);
        return true;
    }

    private void Load(int length)
    {
        Message.Load(_buffer.AsMemory(0, length));
        MessagesRead++;
    }

    private void CheckLength(int length)
    {
        // A frame longer than the traversal limit could never be read; refuse it before buffering it.
        if (length > (_options.TraversalLimitInWords * 8) + (8L * (_options.MaxSegments + 1)))
        {
            ThrowHelper.Format($"Message {MessagesRead + 1} announces {length} bytes, more than the traversal limit of {_options.TraversalLimitInWords} words.");
        }
    }

    /// <summary>
    /// Grows the buffer only as bytes arrive (at most doubling what was received), so a frame that
    /// announces more than the stream holds cannot make the reader allocate it up front.
    /// </summary>
    private int Room(int have, int want)
    {
        if (_buffer.Length == have)
        {
            Array.Resize(ref _buffer, (int)Math.Min(want, Math.Max(4096L, have * 2L)));
        }

        return Math.Min(want, _buffer.Length) - have;
    }

    /// <summary>Reads until <paramref name="want"/> bytes are buffered; returns the count (0 at a clean end when allowed).</summary>
    private int Fill(int have, int want, bool allowEnd)
    {
        while (have < want)
        {
            int room = Room(have, want); // before reading _buffer: Room may replace it
            int read = _stream.Read(_buffer, have, room);
            if (read == 0)
            {
                return EndOfStream(have, want, allowEnd);
            }

            have += read;
        }

        return have;
    }

    private async ValueTask<int> FillAsync(int have, int want, bool allowEnd, CancellationToken cancellationToken)
    {
        while (have < want)
        {
            int room = Room(have, want); // before reading _buffer: Room may replace it
            int read = await _stream.ReadAsync(_buffer.AsMemory(have, room), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return EndOfStream(have, want, allowEnd);
            }

            have += read;
        }

        return have;
    }

    private int EndOfStream(int have, int want, bool allowEnd)
    {
        if (have == 0 && allowEnd)
        {
            return 0;
        }

        return ThrowHelper.Format<int>($"Stream ends inside message {MessagesRead + 1}: expected {want} bytes, got {have}.");
    }
}
