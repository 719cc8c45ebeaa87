namespace Ssmd.Capnp.Generator.Schema;

/// <summary>schema.capnp <c>Value</c> (16 bytes, 1 ptr); the union tag matches <see cref="TypeReader"/>'s.</summary>
internal readonly struct ValueReader(StructReader s)
{
    /// <summary>The union tag # bits [0, 16).</summary>
    public ushort Which => s.ReadUInt16(0);

    /// <summary>bool @1 # bits[16, 17).</summary>
    public bool Bool => s.ReadBool(16);

    /// <summary>int8/uint8 @2/@6 # bits[16, 24).</summary>
    public byte Byte => s.ReadUInt8(2);

    /// <summary>int16/uint16/enum @3/@7/@15 # bits[16, 32).</summary>
    public ushort UInt16 => s.ReadUInt16(2);

    /// <summary>int32/uint32/float32 @4/@8/@10 # bits[32, 64).</summary>
    public uint UInt32 => s.ReadUInt32(4);

    /// <summary>int64/uint64/float64 @5/@9/@11 # bits[64, 128).</summary>
    public ulong UInt64 => s.ReadUInt64(8);

    /// <summary>text @12 # ptr[0].</summary>
    public Text Text => s.ReadText(0);

    /// <summary>data @13 # ptr[0].</summary>
    public ReadOnlyMemory<byte> Data => s.ReadData(0);

    /// <summary>True when the pointer of a text/data/list/struct default is set.</summary>
    public bool HasPointer => s.HasPointer(0);
}
