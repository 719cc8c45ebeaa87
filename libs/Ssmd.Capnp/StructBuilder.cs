using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Ssmd.Capnp.Internal;

namespace Ssmd.Capnp;

/// <summary>
/// A struct being built in a <see cref="MessageBuilder"/>'s segment. Primitive fields are stored XOR
/// their default value, so a fresh (zeroed) struct reads as all defaults. Offsets are the ones the
/// schema compiler assigns (generated code passes them).
/// </summary>
public readonly partial struct StructBuilder
{
    private readonly MessageBuilder _message;
    private readonly byte[] _buffer;
    private readonly int _segment;
    private readonly int _data;
    private readonly ushort _dataWords;
    private readonly ushort _pointerCount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal StructBuilder(MessageBuilder message, int segment, int dataByte, ushort dataWords, ushort pointerCount)
        : this(message, message.Segment(segment), segment, dataByte, dataWords, pointerCount)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal StructBuilder(MessageBuilder message, byte[] buffer, int segment, int dataByte, ushort dataWords, ushort pointerCount)
    {
        _message = message;
        _buffer = buffer;
        _segment = segment;
        _data = dataByte;
        _dataWords = dataWords;
        _pointerCount = pointerCount;
    }

    /// <summary>Words in the data section.</summary>
    public int DataWords => _dataWords;

    /// <summary>Pointers in the pointer section.</summary>
    public int PointerCount => _pointerCount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Data(int byteOffset, int size)
    {
        if ((uint)(byteOffset + size) > (uint)(_dataWords * 8))
        {
            ThrowFieldOutside(byteOffset, size, _dataWords);
        }

        return _buffer.AsSpan(_data + byteOffset, size);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PointerByte(int index)
    {
        if ((uint)index >= _pointerCount)
        {
            ThrowPointerOutside(index, _pointerCount);
        }

        return _data + (_dataWords * 8) + (index * 8);
    }

    // Static, so a builder's fields can live in registers (an instance call would need its address).
    [DoesNotReturn]
    private static void ThrowPointerOutside(int index, int pointerCount) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"The struct has {pointerCount} pointers.");

    [DoesNotReturn]
    private static void ThrowFieldOutside(int byteOffset, int size, int dataWords) =>
        throw new ArgumentOutOfRangeException(nameof(byteOffset), byteOffset, $"A {size}-byte field does not fit a data section of {dataWords} words.");

    /// <summary>Writes a Bool at a bit offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBool(int bitOffset, bool value, bool defaultValue = false)
    {
        Span<byte> b = Data(bitOffset >> 3, 1);
        int mask = 1 << (bitOffset & 7);
        b[0] = (value ^ defaultValue) ? (byte)(b[0] | mask) : (byte)(b[0] & ~mask);
    }

    /// <summary>Reads back a Bool.</summary>
    public bool ReadBool(int bitOffset, bool defaultValue = false) =>
        ((Data(bitOffset >> 3, 1)[0] & (1 << (bitOffset & 7))) != 0) ^ defaultValue;

    /// <summary>Writes a byte.</summary>
    public void WriteUInt8(int byteOffset, byte value, byte defaultValue = 0) => Data(byteOffset, 1)[0] = (byte)(value ^ defaultValue);

    /// <summary>Reads back a byte.</summary>
    public byte ReadUInt8(int byteOffset, byte defaultValue = 0) => (byte)(Data(byteOffset, 1)[0] ^ defaultValue);

    /// <summary>Writes a signed byte.</summary>
    public void WriteInt8(int byteOffset, sbyte value, sbyte defaultValue = 0) => WriteUInt8(byteOffset, (byte)value, (byte)defaultValue);

    /// <summary>Reads back a signed byte.</summary>
    public sbyte ReadInt8(int byteOffset, sbyte defaultValue = 0) => (sbyte)ReadUInt8(byteOffset, (byte)defaultValue);

    /// <summary>Writes a UInt16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt16(int byteOffset, ushort value, ushort defaultValue = 0) =>
        BinaryPrimitives.WriteUInt16LittleEndian(Data(byteOffset, 2), (ushort)(value ^ defaultValue));

    /// <summary>Reads back a UInt16.</summary>
    public ushort ReadUInt16(int byteOffset, ushort defaultValue = 0) =>
        (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(Data(byteOffset, 2)) ^ defaultValue);

    /// <summary>Writes an Int16.</summary>
    public void WriteInt16(int byteOffset, short value, short defaultValue = 0) => WriteUInt16(byteOffset, (ushort)value, (ushort)defaultValue);

    /// <summary>Reads back an Int16.</summary>
    public short ReadInt16(int byteOffset, short defaultValue = 0) => (short)ReadUInt16(byteOffset, (ushort)defaultValue);

    /// <summary>Writes a UInt32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt32(int byteOffset, uint value, uint defaultValue = 0) =>
        BinaryPrimitives.WriteUInt32LittleEndian(Data(byteOffset, 4), value ^ defaultValue);

    /// <summary>Reads back a UInt32.</summary>
    public uint ReadUInt32(int byteOffset, uint defaultValue = 0) => BinaryPrimitives.ReadUInt32LittleEndian(Data(byteOffset, 4)) ^ defaultValue;

    /// <summary>Writes an Int32.</summary>
    public void WriteInt32(int byteOffset, int value, int defaultValue = 0) => WriteUInt32(byteOffset, (uint)value, (uint)defaultValue);

    /// <summary>Reads back an Int32.</summary>
    public int ReadInt32(int byteOffset, int defaultValue = 0) => (int)ReadUInt32(byteOffset, (uint)defaultValue);

    /// <summary>Writes a UInt64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt64(int byteOffset, ulong value, ulong defaultValue = 0) =>
        BinaryPrimitives.WriteUInt64LittleEndian(Data(byteOffset, 8), value ^ defaultValue);

    /// <summary>Reads back a UInt64.</summary>
    public ulong ReadUInt64(int byteOffset, ulong defaultValue = 0) => BinaryPrimitives.ReadUInt64LittleEndian(Data(byteOffset, 8)) ^ defaultValue;

    /// <summary>Writes an Int64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt64(int byteOffset, long value, long defaultValue = 0) => WriteUInt64(byteOffset, (ulong)value, (ulong)defaultValue);

    /// <summary>Reads back an Int64.</summary>
    public long ReadInt64(int byteOffset, long defaultValue = 0) => (long)ReadUInt64(byteOffset, (ulong)defaultValue);

    /// <summary>Writes a Float32 (bits XOR the default's bits).</summary>
    public void WriteFloat32(int byteOffset, float value, float defaultValue = 0) =>
        WriteUInt32(byteOffset, BitConverter.SingleToUInt32Bits(value), BitConverter.SingleToUInt32Bits(defaultValue));

    /// <summary>Reads back a Float32.</summary>
    public float ReadFloat32(int byteOffset, float defaultValue = 0) =>
        BitConverter.UInt32BitsToSingle(ReadUInt32(byteOffset, BitConverter.SingleToUInt32Bits(defaultValue)));

    /// <summary>Writes a Float64 (bits XOR the default's bits).</summary>
    public void WriteFloat64(int byteOffset, double value, double defaultValue = 0) =>
        WriteUInt64(byteOffset, BitConverter.DoubleToUInt64Bits(value), BitConverter.DoubleToUInt64Bits(defaultValue));

    /// <summary>Reads back a Float64.</summary>
    public double ReadFloat64(int byteOffset, double defaultValue = 0) =>
        BitConverter.UInt64BitsToDouble(ReadUInt64(byteOffset, BitConverter.DoubleToUInt64Bits(defaultValue)));

    /// <summary>Sets pointer <paramref name="index"/> to null (the old object stays, unreachable).</summary>
    public void ClearPointer(int index) =>
        BinaryPrimitives.WriteUInt64LittleEndian(_message.Segment(_segment).AsSpan(PointerByte(index)), 0);

    /// <summary>Allocates a struct for pointer <paramref name="index"/>.</summary>
    public StructBuilder InitStruct(int index, ushort dataWords, ushort pointerCount) =>
        _message.InitStruct(_segment, PointerByte(index), dataWords, pointerCount);

    /// <summary>Allocates a generated struct for pointer <paramref name="index"/>.</summary>
    public T InitStruct<T>(int index)
        where T : struct, IStructBuilder<T> => T.Create(InitStruct(index, T.DataWords, T.PointerCount));

    /// <summary>Writes Text (UTF-8 plus the NUL terminator) at pointer <paramref name="index"/>, encoding without a temporary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteText(int index, ReadOnlySpan<char> value) => _message.WriteText(_buffer, _segment, PointerByte(index), value);

    /// <summary>Writes Text given as UTF-8 bytes (no terminator) at pointer <paramref name="index"/>.</summary>
    public void WriteText(int index, ReadOnlySpan<byte> utf8) => utf8.CopyTo(AllocateBytes(index, utf8.Length + 1));

    /// <summary>Writes Data at pointer <paramref name="index"/>.</summary>
    public void WriteData(int index, ReadOnlySpan<byte> value) => value.CopyTo(AllocateBytes(index, value.Length));

    private Span<byte> AllocateBytes(int index, int count)
    {
        CheckListCount(count);
        int words = (count + 7) / 8;
        (int segment, int start) = _message.AllocateObject(_segment, PointerByte(index), words, WirePointer.List(0, WirePointer.Byte, count));
        return _message.Segment(segment).AsSpan(start, count);
    }

    /// <summary>"D (29 bits) = Size of the list" bounds every list count and composite word count.</summary>
    internal static void CheckListCount(long count)
    {
        if ((ulong)count >= 1UL << 29)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A Cap'n Proto list holds fewer than 2^29 elements (or words).");
        }
    }
}
