namespace Ssmd.Capnp.Generator.Schema;

/// <summary>schema.capnp <c>Node</c> (48 bytes, 6 ptrs).</summary>
internal readonly struct NodeReader(StructReader s) : IStructReader<NodeReader>
{
    /// <summary>Union tags of Node (tag bits [96, 112)).</summary>
    public const ushort File = 0, Struct = 1, Enum = 2, Interface = 3, Const = 4, Annotation = 5;

    public static NodeReader Create(StructReader reader) => new(reader);

    /// <summary>id @0 :UInt64 # bits[0, 64).</summary>
    public ulong Id => s.ReadUInt64(0);

    /// <summary>displayName @1 :Text # ptr[0].</summary>
    public string DisplayName => s.ReadText(0).ToString();

    /// <summary>scopeId @3 :UInt64 # bits[128, 192).</summary>
    public ulong ScopeId => s.ReadUInt64(16);

    /// <summary>isGeneric @33 :Bool # bits[288, 289).</summary>
    public bool IsGeneric => s.ReadBool(288);

    /// <summary>nestedNodes @4 :List(NestedNode) # ptr[1].</summary>
    public StructList<NestedNodeReader> NestedNodes => s.ReadStructList<NestedNodeReader>(1);

    /// <summary>The union tag # bits [96, 112).</summary>
    public ushort Which => s.ReadUInt16(12);

    /// <summary>struct.dataWordCount @7 :UInt16 # bits[112, 128).</summary>
    public ushort DataWordCount => s.ReadUInt16(14);

    /// <summary>struct.pointerCount @8 :UInt16 # bits[192, 208).</summary>
    public ushort PointerCount => s.ReadUInt16(24);

    /// <summary>struct.isGroup @10 :Bool # bits[224, 225).</summary>
    public bool IsGroup => s.ReadBool(224);

    /// <summary>struct.discriminantCount @11 :UInt16 # bits[240, 256).</summary>
    public ushort DiscriminantCount => s.ReadUInt16(30);

    /// <summary>struct.discriminantOffset @12 :UInt32 # bits[256, 288), in 16-bit units.</summary>
    public uint DiscriminantOffset => s.ReadUInt32(32);

    /// <summary>struct.fields @13 :List(Field) # ptr[3].</summary>
    public StructList<FieldReader> Fields => s.ReadStructList<FieldReader>(3);

    /// <summary>enum.enumerants @14 :List(Enumerant) # ptr[3].</summary>
    public StructList<EnumerantReader> Enumerants => s.ReadStructList<EnumerantReader>(3);
}
