namespace Ssmd.Capnp.Generator.Schema;

/// <summary>schema.capnp <c>CodeGeneratorRequest.RequestedFile</c> (8 bytes, 3 ptrs).</summary>
internal readonly struct RequestedFileReader(StructReader s) : IStructReader<RequestedFileReader>
{
    public static RequestedFileReader Create(StructReader reader) => new(reader);

    /// <summary>id @0 :UInt64 # bits[0, 64).</summary>
    public ulong Id => s.ReadUInt64(0);

    /// <summary>filename @1 :Text # ptr[0].</summary>
    public string Filename => s.ReadText(0).ToString();
}
