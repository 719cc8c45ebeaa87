using System.Buffers;
using System.Buffers.Binary;
using Ssmd.Capnp.Internal;

namespace Ssmd.Capnp;

/// <summary>
/// A Cap'n Proto message read in place from one framed buffer (capnproto.org/encoding.html#serialization-over-a-stream):
/// no bytes are copied for a contiguous buffer, and one reader can be reused for message after
/// message with <see cref="Load(ReadOnlyMemory{byte})"/> without allocating. Readers obtained from a
/// message are valid until the next <c>Load</c>. Every pointer is bounds-checked and charged against
/// the traversal limit; any fault raises <see cref="CapnpFormatException"/>. Not thread-safe: the
/// traversal budget is per reader, so use one reader per thread.
/// </summary>
public sealed partial class MessageReader
{
    private readonly ReaderOptions _options;
    private ReadOnlyMemory<byte> _buffer;
    private int[] _segmentStart = new int[4];
    private int[] _segmentWords = new int[4];
    private int _segmentCount;
    private long _traversalLeft;
    private byte[]? _copy;

    /// <summary>Creates an empty reader with the given limits (the reference defaults when null).</summary>
    public MessageReader(ReaderOptions? options = null)
    {
        _options = options ?? ReaderOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.TraversalLimitInWords, 1, "options.TraversalLimitInWords");
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.NestingLimit, 1, "options.NestingLimit");
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxSegments, 1, "options.MaxSegments");
    }

    /// <summary>The limits this reader enforces.</summary>
    public ReaderOptions Options => _options;

    /// <summary>Segments in the loaded message.</summary>
    public int SegmentCount => _segmentCount;

    /// <summary>Words of traversal left before the limit is hit.</summary>
    public long TraversalLeftInWords => _traversalLeft;

    internal ReadOnlySpan<byte> Span => _buffer.Span;

    internal ReadOnlyMemory<byte> Memory => _buffer;

    /// <summary>Reads one framed message (a new reader with the given limits).</summary>
    public static MessageReader Read(ReadOnlyMemory<byte> frame, ReaderOptions? options = null)
    {
        var reader = new MessageReader(options);
        reader.Load(frame);
        return reader;
    }

    /// <summary>
    /// Loads the framed message at the start of <paramref name="frame"/> (bytes after it are ignored)
    /// and returns the length of the frame in bytes.
    /// </summary>
    public int Load(ReadOnlyMemory<byte> frame)
    {
        _segmentCount = 0;
        int length = ParseSegmentTable(frame.Span, requireComplete: true);
        _buffer = frame[..length];
        _traversalLeft = _options.TraversalLimitInWords;
        return length;
    }

    /// <summary>
    /// Loads the framed message at the start of a sequence: zero-copy when it lies in one segment of
    /// the sequence, otherwise copied once into a buffer this reader keeps and reuses.
    /// </summary>
    public int Load(ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            return Load(frame.First);
        }

        int length = GetFrameLength(frame);
        if (length < 0)
        {
            ThrowHelper.Format($"The sequence of {frame.Length} bytes ends inside a message's segment table.");
        }

        if (frame.Length < length)
        {
            ThrowHelper.Format($"Message is truncated: the segment table announces {length} bytes, the sequence holds {frame.Length}.");
        }

        if (_copy is null || _copy.Length < length)
        {
            _copy = new byte[Math.Max(length, (_copy?.Length ?? 0) * 2)];
        }

        frame.Slice(0, length).CopyTo(_copy);
        return Load(_copy.AsMemory(0, length));
    }

    /// <summary>The root struct of the loaded message (the pointer in the first word of segment 0).</summary>
    public StructReader GetRoot()
    {
        if (_segmentCount == 0)
        {
            ThrowHelper.Format("No message is loaded.");
        }

        if (_segmentWords[0] == 0)
        {
            ThrowHelper.Format("Message has an empty first segment: expected at least the root pointer word.");
        }

        return ReadStructPointer(0, _segmentStart[0], _options.NestingLimit);
    }

    /// <summary>The root struct as a generated reader type.</summary>
    public T GetRoot<T>()
        where T : struct, IStructReader<T> => T.Create(GetRoot());

    /// <summary>
    /// The length in bytes of the framed message at the start of <paramref name="prefix"/>, or -1 if
    /// the prefix does not yet hold the whole segment table. Throws if the table is invalid.
    /// </summary>
    public static int GetFrameLength(ReadOnlySpan<byte> prefix, ReaderOptions? options = null)
    {
        options ??= ReaderOptions.Default;
        if (prefix.Length < 4)
        {
            return -1;
        }

        // "(4 bytes) The number of segments, minus one (since there is always at least one segment)."
        uint countMinusOne = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (countMinusOne >= (uint)options.MaxSegments)
        {
            ThrowHelper.Format($"Message has {(ulong)countMinusOne + 1} segments; at most {options.MaxSegments} are allowed.");
        }

        int count = (int)countMinusOne + 1;
        int headerBytes = HeaderBytes(count);
        if (prefix.Length < headerBytes)
        {
            return -1;
        }

        long total = headerBytes;
        for (int i = 0; i < count; i++)
        {
            // "(N * 4 bytes) The size of each segment, in words."
            total += (long)BinaryPrimitives.ReadUInt32LittleEndian(prefix[(4 + (4 * i))..]) * 8;
        }

        if (total > int.MaxValue)
        {
            ThrowHelper.Format($"Message announces {total} bytes; at most {int.MaxValue} are supported.");
        }

        return (int)total;
    }

    /// <summary>The frame length of a message at the start of a sequence (see the span overload).</summary>
    public static int GetFrameLength(ReadOnlySequence<byte> prefix, ReaderOptions? options = null)
    {
        if (prefix.FirstSpan.Length >= 8 || prefix.IsSingleSegment)
        {
            int fast = GetFrameLength(prefix.FirstSpan, options);
            if (fast >= 0 || prefix.IsSingleSegment)
            {
                return fast;
            }
        }

        Span<byte> head = stackalloc byte[4];
        if (prefix.Length < 4)
        {
            return -1;
        }

        prefix.Slice(0, 4).CopyTo(head);
        uint countMinusOne = BinaryPrimitives.ReadUInt32LittleEndian(head);
        int maxSegments = (options ?? ReaderOptions.Default).MaxSegments;
        if (countMinusOne >= (uint)maxSegments)
        {
            ThrowHelper.Format($"Message has {(ulong)countMinusOne + 1} segments; at most {maxSegments} are allowed.");
        }

        int headerBytes = HeaderBytes((int)countMinusOne + 1);
        if (prefix.Length < headerBytes)
        {
            return -1;
        }

        byte[] table = ArrayPool<byte>.Shared.Rent(headerBytes);
        try
        {
            prefix.Slice(0, headerBytes).CopyTo(table);
            return GetFrameLength(table.AsSpan(0, headerBytes), options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(table);
        }
    }

    /// <summary>"(0 or 4 bytes) Padding up to the next word boundary."</summary>
    private static int HeaderBytes(int segmentCount) => ((4 + (4 * segmentCount)) + 7) & ~7;

    private int ParseSegmentTable(ReadOnlySpan<byte> frame, bool requireComplete)
    {
        int length = GetFrameLength(frame, _options);
        if (length < 0)
        {
            ThrowHelper.Format($"Message is truncated: {frame.Length} bytes do not hold the segment table.");
        }

        if (requireComplete && frame.Length < length)
        {
            ThrowHelper.Format($"Message is truncated: the segment table announces {length} bytes, the buffer holds {frame.Length}.");
        }

        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(frame) + 1;
        if (_segmentStart.Length < count)
        {
            int size = Math.Max(count, _segmentStart.Length * 2);
            _segmentStart = new int[size];
            _segmentWords = new int[size];
        }

        int offset = HeaderBytes(count);
        for (int i = 0; i < count; i++)
        {
            int words = (int)BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + (4 * i))..]);
            _segmentStart[i] = offset;
            _segmentWords[i] = words;
            offset += words * 8;
        }

        _segmentCount = count;
        return length;
    }
}
