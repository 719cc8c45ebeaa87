namespace Ssmd.Capnp.Generator.Schema;

/// <summary>schema.capnp <c>Field</c> (24 bytes, 4 ptrs).</summary>
internal readonly struct FieldReader(StructReader s) : IStructReader<FieldReader>
{
    /// <summary>"discriminantValue @3 :UInt16 = 65535": not a union member.</summary>
    public const ushort NoDiscriminant = 0xFFFF;

    public static FieldReader Create(StructReader reader) => new(reader);

    /// <summary>name @0 :Text # ptr[0].</summary>
    public string Name => s.ReadText(0).ToString();

    /// <summary>codeOrder @1 :UInt16 # bits[0, 16).</summary>
    public ushort CodeOrder => s.ReadUInt16(0);

    /// <summary>discriminantValue @3 :UInt16 = 65535 # bits[16, 32).</summary>
    public ushort DiscriminantValue => s.ReadUInt16(2, NoDiscriminant);

    /// <summary>The union tag # bits [64, 80): 0 slot, 1 group.</summary>
    public bool IsGroup => s.ReadUInt16(8) == 1;

    /// <summary>slot.offset @4 :UInt32 # bits[32, 64), in units of the field's size.</summary>
    public uint Offset => s.ReadUInt32(4);

    /// <summary>slot.type @5 :Type # ptr[2].</summary>
    public TypeReader Type => new(s.ReadStruct(2));

    /// <summary>slot.defaultValue @6 :Value # ptr[3].</summary>
    public ValueReader DefaultValue => new(s.ReadStruct(3));

    /// <summary>slot.hadExplicitDefault @10 :Bool # bits[128, 129).</summary>
    public bool HadExplicitDefault => s.ReadBool(128);

    /// <summary>group.typeId @7 :UInt64 # bits[128, 192).</summary>
    public ulong GroupTypeId => s.ReadUInt64(16);
}
