using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Ssmd.Capnp;

/// <summary>
/// A struct in a loaded message, read in place. "Fields beyond the end of the data or pointer
/// section read as their default" (capnproto.org/encoding.html#structs), which is how old readers
/// accept newer messages and the reverse. Primitive fields are stored XOR their default value.
/// The default value of this type is the empty struct: every field reads as its default.
/// </summary>
public readonly struct StructReader
{
    private readonly MessageReader? _message;
    private readonly int _segment;
    private readonly int _data;
    private readonly int _dataBytes;
    private readonly ushort _pointerCount;
    private readonly int _nesting;

    internal StructReader(MessageReader message, int segment, int dataByte, int dataBytes, ushort pointerCount, int nesting)
    {
        _message = message;
        _segment = segment;
        _data = dataByte;
        _dataBytes = dataBytes;
        _pointerCount = pointerCount;
        _nesting = nesting;
    }

    /// <summary>Bytes in the data section.</summary>
    public int DataBytes => _dataBytes;

    /// <summary>Pointers in the pointer section.</summary>
    public int PointerCount => _pointerCount;

    private int PointerByte(int index) => _data + _dataBytes + (index * 8);

    /// <summary>Reads a Bool at a bit offset of the data section.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadBool(int bitOffset, bool defaultValue = false)
    {
        int byteOffset = bitOffset >> 3;
        if (byteOffset >= _dataBytes)
        {
            return defaultValue;
        }

        bool bit = (_message!.Span[_data + byteOffset] & (1 << (bitOffset & 7))) != 0;
        return bit ^ defaultValue;
    }

    /// <summary>Reads a byte at a byte offset of the data section.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadUInt8(int byteOffset, byte defaultValue = 0) =>
        byteOffset + 1 <= _dataBytes ? (byte)(_message!.Span[_data + byteOffset] ^ defaultValue) : defaultValue;

    /// <summary>Reads a signed byte at a byte offset of the data section.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public sbyte ReadInt8(int byteOffset, sbyte defaultValue = 0) => (sbyte)ReadUInt8(byteOffset, (byte)defaultValue);

    /// <summary>Reads a UInt16 at a byte offset of the data section.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort ReadUInt16(int byteOffset, ushort defaultValue = 0) =>
        byteOffset + 2 <= _dataBytes
            ? (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_message!.Span[(_data + byteOffset)..]) ^ defaultValue)
            : defaultValue;

    /// <summary>Reads an Int16 at a byte offset of the data section.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public short ReadInt16(int byteOffset, short defaultValue = 0) => (short)ReadUInt16(byteOffset, (ushort)defaultValue);

    /// <summary>Reads a UInt32 at a byte offset of the data section.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadUInt32(int byteOffset, uint defaultValue = 0) =>
        byteOffset + 4 <= _dataBytes
            ? BinaryPrimitives.ReadUInt32LittleEndian(_message!.Span[(_data + byteOffset)..]) ^ defaultValue
            : defaultValue;

    /// <summary>Reads an Int32 at a byte offset of the data section.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadInt32(int byteOffset, int defaultValue = 0) => (int)ReadUInt32(byteOffset, (uint)defaultValue);

    /// <summary>Reads a UInt64 at a byte offset of the data section.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadUInt64(int byteOffset, ulong defaultValue = 0) =>
        byteOffset + 8 <= _dataBytes
            ? BinaryPrimitives.ReadUInt64LittleEndian(_message!.Span[(_data + byteOffset)..]) ^ defaultValue
            : defaultValue;

    /// <summary>Reads an Int64 at a byte offset of the data section.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadInt64(int byteOffset, long defaultValue = 0) => (long)ReadUInt64(byteOffset, (ulong)defaultValue);

    /// <summary>Reads a Float32 (its bits XOR the default's bits).</summary>
    public float ReadFloat32(int byteOffset, float defaultValue = 0) =>
        BitConverter.UInt32BitsToSingle(ReadUInt32(byteOffset, BitConverter.SingleToUInt32Bits(defaultValue)));

    /// <summary>Reads a Float64 (its bits XOR the default's bits).</summary>
    public double ReadFloat64(int byteOffset, double defaultValue = 0) =>
        BitConverter.UInt64BitsToDouble(ReadUInt64(byteOffset, BitConverter.DoubleToUInt64Bits(defaultValue)));

    /// <summary>True when pointer <paramref name="index"/> is present and not null.</summary>
    public bool HasPointer(int index) =>
        index < _pointerCount && BinaryPrimitives.ReadUInt64LittleEndian(_message!.Span[PointerByte(index)..]) != 0;

    /// <summary>Reads the struct at pointer <paramref name="index"/> (the empty struct when null).</summary>
    public StructReader ReadStruct(int index) =>
        index < _pointerCount ? _message!.ReadStructPointer(_segment, PointerByte(index), _nesting) : default;

    /// <summary>Reads a generated struct type at pointer <paramref name="index"/>.</summary>
    public T ReadStruct<T>(int index)
        where T : struct, IStructReader<T> => T.Create(ReadStruct(index));

    /// <summary>Reads the Text at pointer <paramref name="index"/> (empty when null).</summary>
    public Text ReadText(int index) =>
        index < _pointerCount ? _message!.ReadTextPointer(_segment, PointerByte(index), _nesting) : default;

    /// <summary>Reads the Text at pointer <paramref name="index"/>, or <paramref name="defaultValue"/> when null.</summary>
    public Text ReadText(int index, Text defaultValue) => HasPointer(index) ? ReadText(index) : defaultValue;

    /// <summary>Reads the Data at pointer <paramref name="index"/> (empty when null).</summary>
    public ReadOnlyMemory<byte> ReadData(int index) =>
        index < _pointerCount ? _message!.ReadDataPointer(_segment, PointerByte(index), _nesting) : ReadOnlyMemory<byte>.Empty;

    /// <summary>Reads the Data at pointer <paramref name="index"/>, or <paramref name="defaultValue"/> when null.</summary>
    public ReadOnlyMemory<byte> ReadData(int index, ReadOnlyMemory<byte> defaultValue) => HasPointer(index) ? ReadData(index) : defaultValue;

    /// <summary>Reads a list of primitives (integers, floats, enums) at pointer <paramref name="index"/>.</summary>
    public PrimitiveList<T> ReadList<T>(int index)
        where T : unmanaged => new(ReadListCore(index, MessageReader.ListExpectation.Data, Unsafe.SizeOf<T>() * 8));

    /// <summary>Reads a list of Bool at pointer <paramref name="index"/>.</summary>
    public BoolList ReadBoolList(int index) => new(ReadListCore(index, MessageReader.ListExpectation.Bit, 1));

    /// <summary>Reads a list of structs at pointer <paramref name="index"/>.</summary>
    public StructList<T> ReadStructList<T>(int index)
        where T : struct, IStructReader<T> => new(ReadListCore(index, MessageReader.ListExpectation.Struct, 0));

    /// <summary>Reads a list of Text at pointer <paramref name="index"/>.</summary>
    public TextList ReadTextList(int index) => new(ReadListCore(index, MessageReader.ListExpectation.Pointer, 0));

    /// <summary>Reads a list of Data at pointer <paramref name="index"/>.</summary>
    public DataList ReadDataList(int index) => new(ReadListCore(index, MessageReader.ListExpectation.Pointer, 0));

    private ListReader ReadListCore(int index, MessageReader.ListExpectation expectation, int bits) =>
        index < _pointerCount
            ? _message!.ReadListPointer(_segment, PointerByte(index), _nesting, expectation, bits)
            : default;

    /// <summary>Builds a struct reader for one element of a struct list.</summary>
    internal static StructReader ForElement(MessageReader message, int segment, int dataByte, int dataBytes, ushort pointerCount, int nesting) =>
        new(message, segment, dataByte, dataBytes, pointerCount, nesting);
}
