namespace Ssmd.Capnp.Generator.Schema;

/// <summary>schema.capnp <c>CodeGeneratorRequest</c> (0 bytes, 4 ptrs), read by hand (see README.md).</summary>
internal readonly struct CodeGeneratorRequestReader(StructReader s)
{
    /// <summary>nodes @0 :List(Node) # ptr[0].</summary>
    public StructList<NodeReader> Nodes => s.ReadStructList<NodeReader>(0);

    /// <summary>requestedFiles @1 :List(RequestedFile) # ptr[1].</summary>
    public StructList<RequestedFileReader> RequestedFiles => s.ReadStructList<RequestedFileReader>(1);

    /// <summary>sourceInfo @3 :List(Node.SourceInfo) # ptr[3].</summary>
    public StructList<SourceInfoReader> SourceInfo => s.ReadStructList<SourceInfoReader>(3);
}
