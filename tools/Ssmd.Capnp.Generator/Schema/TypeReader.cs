namespace Ssmd.Capnp.Generator.Schema;

/// <summary>schema.capnp <c>Type</c> (24 bytes, 1 ptr).</summary>
internal readonly struct TypeReader(StructReader s)
{
    /// <summary>Union tags of Type (tag bits [0, 16)).</summary>
    public const ushort Void = 0, Bool = 1, Int8 = 2, Int16 = 3, Int32 = 4, Int64 = 5, UInt8 = 6, UInt16 = 7,
        UInt32 = 8, UInt64 = 9, Float32 = 10, Float64 = 11, Text = 12, Data = 13, List = 14, Enum = 15,
        Struct = 16, Interface = 17, AnyPointer = 18;

    /// <summary>The union tag.</summary>
    public ushort Which => s.ReadUInt16(0);

    /// <summary>list.elementType @14 :Type # ptr[0].</summary>
    public TypeReader ElementType => new(s.ReadStruct(0));

    /// <summary>enum.typeId / struct.typeId # bits[64, 128).</summary>
    public ulong TypeId => s.ReadUInt64(8);
}
