using System.Runtime.CompilerServices;
using Ssmd.Capnp.Internal;

namespace Ssmd.Capnp;

/// <summary>List allocation.</summary>
public readonly partial struct StructBuilder
{
    /// <summary>Allocates a list of primitives (integers, floats, UInt16-backed enums) at pointer <paramref name="index"/>.</summary>
    public PrimitiveListBuilder<T> InitList<T>(int index, int count)
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>() switch
        {
            1 => WirePointer.Byte,
            2 => WirePointer.TwoBytes,
            4 => WirePointer.FourBytes,
            8 => WirePointer.EightBytes,
            _ => throw new ArgumentException($"{typeof(T)} is not a Cap'n Proto primitive.", nameof(T)),
        };
        CheckListCount(count);
        int words = (int)(((long)count * Unsafe.SizeOf<T>() + 7) / 8);
        (int segment, int start) = _message.AllocateObject(_segment, PointerByte(index), words, WirePointer.List(0, size, count));
        return new PrimitiveListBuilder<T>(_message.Segment(segment).AsMemory(start, words * 8)[..(count * Unsafe.SizeOf<T>())], count);
    }

    /// <summary>Allocates a list of Bool at pointer <paramref name="index"/>.</summary>
    public BoolListBuilder InitBoolList(int index, int count)
    {
        CheckListCount(count);
        int words = (int)(((long)count + 63) / 64);
        (int segment, int start) = _message.AllocateObject(_segment, PointerByte(index), words, WirePointer.List(0, WirePointer.Bit, count));
        return new BoolListBuilder(_message.Segment(segment).AsMemory(start, words * 8), count);
    }

    /// <summary>Allocates a list of structs ("inline composite", with its tag word) at pointer <paramref name="index"/>.</summary>
    public StructListBuilder<T> InitStructList<T>(int index, int count)
        where T : struct, IStructBuilder<T>
    {
        int perElement = T.DataWords + T.PointerCount;
        long words = (long)perElement * count;
        CheckListCount(words);
        CheckListCount(count);
        (int segment, int start) = _message.AllocateObject(
            _segment, PointerByte(index), (int)words + 1, WirePointer.List(0, WirePointer.Composite, (int)words));

        // "The tag is encoded like a struct pointer, except the offset is the number of elements."
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(
            _message.Segment(segment).AsSpan(start), WirePointer.Struct(count, T.DataWords, T.PointerCount));
        return new StructListBuilder<T>(_message, segment, start + 8, count);
    }

    /// <summary>Allocates a list of Text (a list of pointers) at pointer <paramref name="index"/>.</summary>
    public PointerListBuilder InitTextList(int index, int count) => InitPointerList(index, count);

    /// <summary>Allocates a list of Data (a list of pointers) at pointer <paramref name="index"/>.</summary>
    public PointerListBuilder InitDataList(int index, int count) => InitPointerList(index, count);

    private PointerListBuilder InitPointerList(int index, int count)
    {
        CheckListCount(count);
        (int segment, int start) = _message.AllocateObject(_segment, PointerByte(index), count, WirePointer.List(0, WirePointer.Pointer, count));
        return new PointerListBuilder(_message, segment, start, count);
    }
}
