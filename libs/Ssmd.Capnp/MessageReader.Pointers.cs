using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Ssmd.Capnp.Internal;

namespace Ssmd.Capnp;

/// <summary>Pointer resolution: far pointers, bounds, traversal and nesting limits.</summary>
public sealed partial class MessageReader
{
    /// <summary>Expectations of a list read, checked against the list pointer's element size.</summary>
    internal enum ListExpectation
    {
        /// <summary>A list of structs: any element size but bits.</summary>
        Struct,

        /// <summary>A list of bits: exactly element size 1.</summary>
        Bit,

        /// <summary>Text or Data: exactly element size 2 (bytes).</summary>
        Bytes,

        /// <summary>A list of pointers (text, data, lists): elements with at least one pointer.</summary>
        Pointer,

        /// <summary>A list of primitives: elements with at least that many data bits.</summary>
        Data,
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Word(int absoluteByte) => BinaryPrimitives.ReadUInt64LittleEndian(_buffer.Span[absoluteByte..]);

    private void Charge(long words)
    {
        _traversalLeft -= words;
        if (_traversalLeft < 0)
        {
            ThrowHelper.TraversalLimit(_options.TraversalLimitInWords);
        }
    }

    /// <summary>Checks that <paramref name="words"/> words at absolute byte <paramref name="start"/> lie in <paramref name="segment"/>.</summary>
    private void CheckBounds(string what, int segment, long start, long words)
    {
        long segStart = _segmentStart[segment];
        long segEnd = segStart + ((long)_segmentWords[segment] * 8);
        if (start < segStart || start + (words * 8) > segEnd)
        {
            ThrowHelper.OutOfBounds(what, (start - segStart) / 8, words, segment, _segmentWords[segment]);
        }
    }

    /// <summary>
    /// Follows a pointer to its object. <paramref name="segment"/> and <paramref name="pointerByte"/>
    /// locate the pointer; on return <paramref name="segment"/> is the object's segment, the result is
    /// the absolute byte of the object, and <paramref name="tag"/> the word describing it (the
    /// pointer itself, a landing pad, or the tag of a double-far pad).
    /// </summary>
    private long Resolve(ref int segment, int pointerByte, ulong pointer, out ulong tag)
    {
        int kind = WirePointer.Kind(pointer);
        if (kind == WirePointer.FarKind)
        {
            uint target = WirePointer.FarSegment(pointer);
            if (target >= (uint)_segmentCount)
            {
                ThrowHelper.Format($"Far pointer names segment {target}; the message has {_segmentCount} segments.");
            }

            int padSegment = (int)target;
            long padByte = _segmentStart[padSegment] + ((long)WirePointer.FarPadOffset(pointer) * 8);
            if (!WirePointer.FarIsDouble(pointer))
            {
                // "the landing pad is a single word: a regular struct or list pointer" to the object.
                CheckBounds("Far pointer landing pad", padSegment, padByte, 1);
                ulong pad = Word((int)padByte);
                int padKind = WirePointer.Kind(pad);
                if (padKind is not (WirePointer.StructKind or WirePointer.ListKind))
                {
                    ThrowHelper.WrongPointerKind("a struct or list pointer in a far pointer's landing pad", pad);
                }

                segment = padSegment;
                tag = pad;
                return padByte + 8 + ((long)WirePointer.Offset(pad) * 8);
            }

            // "the landing pad is two words: a far pointer to the object (itself single), then a tag
            // describing it whose offset is zero."
            CheckBounds("Double-far landing pad", padSegment, padByte, 2);
            ulong far = Word((int)padByte);
            if (WirePointer.Kind(far) != WirePointer.FarKind || WirePointer.FarIsDouble(far))
            {
                ThrowHelper.WrongPointerKind("a single far pointer in the first word of a double-far landing pad", far);
            }

            tag = Word((int)padByte + 8);
            if (WirePointer.Kind(tag) is not (WirePointer.StructKind or WirePointer.ListKind))
            {
                ThrowHelper.WrongPointerKind("a struct or list tag in the second word of a double-far landing pad", tag);
            }

            uint contentSegment = WirePointer.FarSegment(far);
            if (contentSegment >= (uint)_segmentCount)
            {
                ThrowHelper.Format($"Double-far landing pad names segment {contentSegment}; the message has {_segmentCount} segments.");
            }

            segment = (int)contentSegment;
            return _segmentStart[segment] + ((long)WirePointer.FarPadOffset(far) * 8);
        }

        if (kind == WirePointer.OtherKind)
        {
            ThrowHelper.WrongPointerKind("a struct or list pointer (capabilities are not supported)", pointer);
        }

        tag = pointer;
        return pointerByte + 8 + ((long)WirePointer.Offset(pointer) * 8);
    }

    /// <summary>Reads the struct pointer at <paramref name="pointerByte"/>; null yields the default (empty) struct.</summary>
    internal StructReader ReadStructPointer(int segment, int pointerByte, int nesting)
    {
        ulong pointer = Word(pointerByte);
        if (pointer == 0)
        {
            return default;
        }

        if (nesting <= 0)
        {
            ThrowHelper.NestingLimit(_options.NestingLimit);
        }

        long target = Resolve(ref segment, pointerByte, pointer, out ulong tag);
        if (WirePointer.Kind(tag) != WirePointer.StructKind)
        {
            ThrowHelper.WrongPointerKind("a struct pointer", tag);
        }

        ushort dataWords = WirePointer.StructDataWords(tag);
        ushort pointerCount = WirePointer.StructPointerCount(tag);
        int words = dataWords + pointerCount;
        CheckBounds("Struct", segment, target, words);
        Charge(words);
        return new StructReader(this, segment, (int)target, dataWords * 8, pointerCount, nesting - 1);
    }

    /// <summary>Reads the list pointer at <paramref name="pointerByte"/>; null yields the empty list.</summary>
    internal ListReader ReadListPointer(int segment, int pointerByte, int nesting, ListExpectation expectation, int expectedDataBits)
    {
        ulong pointer = Word(pointerByte);
        if (pointer == 0)
        {
            return default;
        }

        if (nesting <= 0)
        {
            ThrowHelper.NestingLimit(_options.NestingLimit);
        }

        long target = Resolve(ref segment, pointerByte, pointer, out ulong tag);
        if (WirePointer.Kind(tag) != WirePointer.ListKind)
        {
            ThrowHelper.WrongPointerKind("a list pointer", tag);
        }

        int elementSize = WirePointer.ListElementSize(tag);
        int count;
        long stepBits;
        int dataBits;
        int pointerCount;
        if (elementSize == WirePointer.Composite)
        {
            // "the list's content is prefixed by a tag word ... The tag is encoded like a struct pointer,
            // except the offset is the number of elements in the list."
            long wordCount = WirePointer.ListCount(tag);
            CheckBounds("Composite list", segment, target, wordCount + 1);
            ulong listTag = Word((int)target);
            if (WirePointer.Kind(listTag) != WirePointer.StructKind)
            {
                ThrowHelper.WrongPointerKind("a struct-shaped tag at the start of a composite list", listTag);
            }

            count = WirePointer.Offset(listTag);
            if (count < 0)
            {
                ThrowHelper.Format($"Composite list tag has a negative element count {count}.");
            }

            int dataWords = WirePointer.StructDataWords(listTag);
            pointerCount = WirePointer.StructPointerCount(listTag);
            long wordsPerElement = dataWords + pointerCount;
            if (wordsPerElement * count > wordCount)
            {
                ThrowHelper.Format(
                    $"Composite list of {count} elements of {wordsPerElement} words needs {wordsPerElement * count} words; its pointer gives {wordCount}.");
            }

            // Zero-sized elements are charged one word each (amplification, as the reference does).
            Charge(wordsPerElement == 0 ? count : wordCount + 1);
            target += 8;
            stepBits = wordsPerElement * 64;
            dataBits = dataWords * 64;
        }
        else
        {
            count = WirePointer.ListCount(tag);
            int bits = WirePointer.BitsPerElement(elementSize);
            pointerCount = elementSize == WirePointer.Pointer ? 1 : 0;
            dataBits = elementSize == WirePointer.Pointer ? 0 : bits;
            stepBits = bits;
            long words = ((count * (long)bits) + 63) / 64;
            CheckBounds("List", segment, target, words);
            Charge(elementSize == WirePointer.Void ? count : words);
        }

        switch (expectation)
        {
            case ListExpectation.Struct when elementSize == WirePointer.Bit:
                ThrowHelper.WrongPointerKind("a list of structs", tag);
                break;
            case ListExpectation.Bit when elementSize != WirePointer.Bit:
                ThrowHelper.WrongPointerKind("a list of bits", tag);
                break;
            case ListExpectation.Bytes when elementSize != WirePointer.Byte:
                ThrowHelper.WrongPointerKind("a list of bytes (text or data)", tag);
                break;
            case ListExpectation.Pointer when pointerCount < 1 || elementSize == WirePointer.Bit:
                ThrowHelper.WrongPointerKind("a list of pointers", tag);
                break;
            case ListExpectation.Data when dataBits < expectedDataBits || elementSize == WirePointer.Bit:
                ThrowHelper.WrongPointerKind($"a list of {expectedDataBits}-bit values", tag);
                break;
        }

        return new ListReader(this, segment, (int)target, count, (int)stepBits, dataBits, (ushort)pointerCount, nesting - 1);
    }

    /// <summary>Reads Text: a byte list whose last byte is the NUL terminator, excluded from the result.</summary>
    internal Text ReadTextPointer(int segment, int pointerByte, int nesting)
    {
        ListReader list = ReadListPointer(segment, pointerByte, nesting, ListExpectation.Bytes, 8);
        if (list.Count == 0)
        {
            if (list.IsNull)
            {
                return default;
            }

            ThrowHelper.Format("Text has no NUL terminator: its byte list is empty.");
        }

        int start = list.StartByte;
        if (_buffer.Span[start + list.Count - 1] != 0)
        {
            ThrowHelper.Format($"Text of {list.Count} bytes is not NUL-terminated.");
        }

        return new Text(_buffer.Slice(start, list.Count - 1));
    }

    /// <summary>Reads Data: a byte list.</summary>
    internal ReadOnlyMemory<byte> ReadDataPointer(int segment, int pointerByte, int nesting)
    {
        ListReader list = ReadListPointer(segment, pointerByte, nesting, ListExpectation.Bytes, 8);
        return list.IsNull ? ReadOnlyMemory<byte>.Empty : _buffer.Slice(list.StartByte, list.Count);
    }
}
