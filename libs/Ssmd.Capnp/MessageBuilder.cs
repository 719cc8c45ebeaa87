using System.Buffers;
using System.Buffers.Binary;
using Ssmd.Capnp.Internal;

namespace Ssmd.Capnp;

/// <summary>
/// Builds one Cap'n Proto message in segments it owns and reuses: <see cref="Reset"/> zeroes what
/// was used and keeps the buffers, so building message after message allocates nothing once the
/// segments are big enough. Objects go in the segment of the pointer that refers to them when they
/// fit; otherwise in another segment, reached by a far pointer through a one-word landing pad
/// (capnproto.org/encoding.html#inter-segment-pointers).
/// </summary>
public sealed partial class MessageBuilder
{
    private const int MaxSegmentWords = 1 << 20;

    // Text up to this many chars is transcoded in one pass into worst-case space (3 bytes a char).
    private const int MaxInPlaceTextChars = 4096;

    // One segment is one byte array: at most int.MaxValue bytes, less a landing pad.
    private const int MaxObjectWords = (int.MaxValue / 8) - 1;

    private readonly int _firstSegmentWords;
    private byte[][] _segments = new byte[4][];
    private int[] _used = new int[4];
    private int _segmentCount;

    /// <summary>Creates a builder whose first segment holds <paramref name="firstSegmentWords"/> words.</summary>
    public MessageBuilder(int firstSegmentWords = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstSegmentWords, 1);
        _firstSegmentWords = firstSegmentWords;
        _segments[0] = new byte[firstSegmentWords * 8];
        Reset();
    }

    /// <summary>Segments in use.</summary>
    public int SegmentCount => _segmentCount;

    /// <summary>Length of the framed message (segment table and segments) in bytes.</summary>
    public int FramedLength
    {
        get
        {
            if (_segmentCount == 1)
            {
                return 8 + (_used[0] * 8);
            }

            int length = HeaderBytes(_segmentCount);
            for (int i = 0; i < _segmentCount; i++)
            {
                length += _used[i] * 8;
            }

            return length;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal byte[] Segment(int index) => _segments[index];

    /// <summary>Starts a new message: zeroes the used words and keeps the buffers.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Reset()
    {
        // Most messages fit the first segment: clear it inline, without the loop.
        int[] used = _used;
        if (_segmentCount == 1)
        {
            SmallSpans.Clear(_segments[0].AsSpan(0, used[0] * 8));
            used[0] = 1;
            return;
        }

        ResetSegments();
    }

    private void ResetSegments()
    {
        int[] used = _used;
        for (int i = 0; i < _segmentCount; i++)
        {
            _segments[i].AsSpan(0, used[i] * 8).Clear();
            used[i] = 0;
        }

        // Word 0 of segment 0 is the root pointer.
        _segmentCount = 1;
        used[0] = 1;
    }

    /// <summary>Allocates the root struct with the given section sizes.</summary>
    public StructBuilder InitRoot(ushort dataWords, ushort pointerCount) =>
        InitStruct(0, 0, dataWords, pointerCount);

    /// <summary>Allocates the root struct as a generated builder.</summary>
    public T InitRoot<T>()
        where T : struct, IStructBuilder<T> => T.Create(InitRoot(T.DataWords, T.PointerCount));

    /// <summary>Writes the framed message into <paramref name="destination"/> and returns its length.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public int WriteTo(Span<byte> destination)
    {
        if (_segmentCount == 1)
        {
            // The common case, inlined into the caller: the header is one word (count - 1 = 0, then the size).
            int bytes = _used[0] * 8;
            if ((uint)destination.Length >= (uint)(bytes + 8))
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination, (ulong)(uint)(bytes >> 3) << 32);
                SmallSpans.Copy(_segments[0].AsSpan(0, bytes), destination.Slice(8, bytes));
                return bytes + 8;
            }
        }

        return WriteSegmentsTo(destination);
    }

    private int WriteSegmentsTo(Span<byte> destination)
    {
        int length = FramedLength;
        if (destination.Length < length)
        {
            ThrowDestinationTooShort(destination.Length, length);
        }

        // "(4 bytes) The number of segments, minus one. (N * 4 bytes) The size of each segment, in
        // words. (0 or 4 bytes) Padding up to the next word boundary. The content of each segment."
        int header = HeaderBytes(_segmentCount);
        destination[..header].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)(_segmentCount - 1));
        int offset = header;
        for (int i = 0; i < _segmentCount; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(4 + (4 * i))..], (uint)_used[i]);
            int bytes = _used[i] * 8;
            _segments[i].AsSpan(0, bytes).CopyTo(destination[offset..]);
            offset += bytes;
        }

        return length;
    }

    /// <summary>Writes the framed message to a buffer writer.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        int length = FramedLength;
        WriteTo(writer.GetSpan(length));
        writer.Advance(length);
    }

    /// <summary>Writes the framed message to a stream (segment by segment, no copy).</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[HeaderBytes(_segmentCount)];
        WriteHeader(header);
        stream.Write(header);
        for (int i = 0; i < _segmentCount; i++)
        {
            stream.Write(_segments[i], 0, _used[i] * 8);
        }
    }

    /// <summary>The framed message as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[FramedLength];
        WriteTo(bytes);
        return bytes;
    }

    private void WriteHeader(Span<byte> header)
    {
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(_segmentCount - 1));
        for (int i = 0; i < _segmentCount; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[(4 + (4 * i))..], (uint)_used[i]);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowDestinationTooShort(int has, int needs) =>
        throw new ArgumentException($"The destination holds {has} bytes; the message needs {needs}.", "destination");

    private static int HeaderBytes(int segmentCount) => ((4 + (4 * segmentCount)) + 7) & ~7;

    /// <summary>
    /// Allocates <paramref name="words"/> zeroed words for the object of the pointer at
    /// (<paramref name="pointerSegment"/>, <paramref name="pointerByte"/>) and writes that pointer,
    /// near or far, from <paramref name="pointerTemplate"/> (kind and size bits, offset zero).
    /// Returns the segment and byte offset of the object.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal (int Segment, int Byte) AllocateObject(int pointerSegment, int pointerByte, int words, ulong pointerTemplate)
    {
        byte[] pointerBuffer = _segments[pointerSegment];
        int target = _used[pointerSegment];
        if ((uint)words <= (uint)((pointerBuffer.Length / 8) - target))
        {
            _used[pointerSegment] = target + words;
            int offset = target - ((pointerByte / 8) + 1);

            // A zero-sized struct at offset 0 would encode as the null pointer: point it at -1 instead,
            // as the reference implementation does.
            if (words == 0 && WirePointer.Kind(pointerTemplate) == WirePointer.StructKind)
            {
                offset = -1;
            }

            BinaryPrimitives.WriteUInt64LittleEndian(pointerBuffer.AsSpan(pointerByte), WirePointer.WithOffset(pointerTemplate, offset));
            return (pointerSegment, target * 8);
        }

        return AllocateFar(pointerSegment, pointerByte, words, pointerTemplate);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private (int Segment, int Byte) AllocateFar(int pointerSegment, int pointerByte, int words, ulong pointerTemplate)
    {
        if (words > MaxObjectWords)
        {
            throw new ArgumentOutOfRangeException(nameof(words), words, $"An object of more than {MaxObjectWords} words does not fit one segment of a .NET array.");
        }

        // "a far pointer points to a landing pad ... a regular pointer to the object, placed
        // immediately before it" in a segment that has room for both.
        int segment = SegmentWithRoom(words + 1);
        int pad = _used[segment];
        _used[segment] += words + 1;
        BinaryPrimitives.WriteUInt64LittleEndian(_segments[segment].AsSpan(pad * 8), WirePointer.WithOffset(pointerTemplate, 0));
        BinaryPrimitives.WriteUInt64LittleEndian(_segments[pointerSegment].AsSpan(pointerByte), WirePointer.Far(segment, pad));
        return (segment, (pad + 1) * 8);
    }

    /// <summary>
    /// Writes Text for the pointer at (<paramref name="pointerSegment"/>, <paramref name="pointerByte"/>):
    /// ASCII text (tickers, ids) is narrowed straight into its exact space at the end of the
    /// pointer's segment; other short text is transcoded into worst-case space and the unused tail
    /// given back (one pass, no byte count first); the rest is counted then written.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal void WriteText(byte[] buffer, int pointerSegment, int pointerByte, ReadOnlySpan<char> value)
    {
        System.Diagnostics.Debug.Assert(ReferenceEquals(buffer, _segments[pointerSegment]), "The buffer is the pointer's segment.");
        int[] used = _used;
        int start = used[pointerSegment];

        // As ASCII: a byte a char, then the NUL.
        int bytes = value.Length + 1;
        int words = (bytes + 7) >> 3;
        if ((uint)value.Length <= MaxInPlaceTextChars && words <= (buffer.Length >> 3) - start)
        {
            // The words are zero (segments are zeroed on Reset), so the NUL and the padding are
            // already there.
            Span<byte> text = buffer.AsSpan(start * 8, words * 8);
            if (AsciiText.TryNarrow(value, text))
            {
                used[pointerSegment] = start + words;
                BinaryPrimitives.WriteUInt64LittleEndian(
                    buffer.AsSpan(pointerByte, 8), WirePointer.List(start - ((pointerByte >> 3) + 1), WirePointer.Byte, bytes));
                return;
            }

            // Not ASCII: restore the zeroes the attempt may have overwritten before transcoding.
            text.Clear();
        }

        WriteTextTranscoded(pointerSegment, pointerByte, value);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void WriteTextTranscoded(int pointerSegment, int pointerByte, ReadOnlySpan<char> value)
    {
        byte[] buffer = _segments[pointerSegment];
        int[] used = _used;
        int start = used[pointerSegment];
        if (value.Length <= MaxInPlaceTextChars && (uint)(start + (((value.Length * 3) + 8) / 8)) <= (uint)(buffer.Length / 8))
        {
            // The reserved words are zero (segments are zeroed on Reset), so the NUL and the padding
            // are already there once the tail is given back.
            Span<byte> text = buffer.AsSpan(start * 8, value.Length * 3);
            System.Text.Unicode.Utf8.FromUtf16(value, text, out _, out int written);
            int bytes = written + 1;
            used[pointerSegment] = start + ((bytes + 7) / 8);
            int offset = start - ((pointerByte / 8) + 1);
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(pointerByte), WirePointer.List(offset, WirePointer.Byte, bytes));
            return;
        }

        WriteTextCounted(pointerSegment, pointerByte, value);
    }

    // Long text, or text that may not fit the segment: count the bytes, then allocate (maybe far) and write.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void WriteTextCounted(int pointerSegment, int pointerByte, ReadOnlySpan<char> value)
    {
        int count = System.Text.Encoding.UTF8.GetByteCount(value) + 1;
        StructBuilder.CheckListCount(count);
        (int segment, int target) = AllocateObject(pointerSegment, pointerByte, (count + 7) / 8, WirePointer.List(0, WirePointer.Byte, count));
        System.Text.Encoding.UTF8.GetBytes(value, _segments[segment].AsSpan(target, count - 1));
    }

    private int SegmentWithRoom(int words)
    {
        int last = _segmentCount - 1;
        if (_used[last] + words <= _segments[last].Length / 8)
        {
            return last;
        }

        if (_segmentCount == _segments.Length)
        {
            Array.Resize(ref _segments, _segments.Length * 2);
            Array.Resize(ref _used, _used.Length * 2);
        }

        int index = _segmentCount++;
        byte[]? existing = _segments[index];
        if (existing is null || existing.Length / 8 < words)
        {
            int size = Math.Max(words, Math.Min(_segments[last].Length / 8 * 2, MaxSegmentWords));
            _segments[index] = new byte[size * 8];
        }

        _used[index] = 0;
        return index;
    }

    internal StructBuilder InitStruct(int pointerSegment, int pointerByte, ushort dataWords, ushort pointerCount)
    {
        (int segment, int start) = AllocateObject(pointerSegment, pointerByte, dataWords + pointerCount, WirePointer.Struct(0, dataWords, pointerCount));
        return new StructBuilder(this, segment, start, dataWords, pointerCount);
    }
}
