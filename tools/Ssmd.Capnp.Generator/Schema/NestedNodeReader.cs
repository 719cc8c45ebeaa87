namespace Ssmd.Capnp.Generator.Schema;

/// <summary>schema.capnp <c>Node.NestedNode</c> (8 bytes, 1 ptr).</summary>
internal readonly struct NestedNodeReader(StructReader s) : IStructReader<NestedNodeReader>
{
    public static NestedNodeReader Create(StructReader reader) => new(reader);

    /// <summary>name @0 :Text # ptr[0].</summary>
    public string Name => s.ReadText(0).ToString();

    /// <summary>id @1 :UInt64 # bits[0, 64).</summary>
    public ulong Id => s.ReadUInt64(0);
}
