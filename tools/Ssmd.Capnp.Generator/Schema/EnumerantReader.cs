namespace Ssmd.Capnp.Generator.Schema;

/// <summary>schema.capnp <c>Enumerant</c> (8 bytes, 2 ptrs).</summary>
internal readonly struct EnumerantReader(StructReader s) : IStructReader<EnumerantReader>
{
    public static EnumerantReader Create(StructReader reader) => new(reader);

    /// <summary>name @0 :Text # ptr[0].</summary>
    public string Name => s.ReadText(0).ToString();
}
