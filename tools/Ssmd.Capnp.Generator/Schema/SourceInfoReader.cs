namespace Ssmd.Capnp.Generator.Schema;

/// <summary>schema.capnp <c>Node.SourceInfo</c> (16 bytes, 2 ptrs) and its <c>Member</c> (8 bytes, 1 ptr).</summary>
internal readonly struct SourceInfoReader(StructReader s) : IStructReader<SourceInfoReader>
{
    public static SourceInfoReader Create(StructReader reader) => new(reader);

    /// <summary>id @0 :UInt64 # bits[0, 64).</summary>
    public ulong Id => s.ReadUInt64(0);

    /// <summary>docComment @1 :Text # ptr[0].</summary>
    public string DocComment => s.ReadText(0).ToString();

    /// <summary>members @2 :List(Member) # ptr[1]; each Member's docComment @0 :Text is its ptr[0].</summary>
    public IReadOnlyList<string> MemberDocComments
    {
        get
        {
            StructList<RawStruct> members = s.ReadStructList<RawStruct>(1);
            var docs = new string[members.Count];
            for (int i = 0; i < docs.Length; i++)
            {
                docs[i] = members[i].Struct.ReadText(0).ToString();
            }

            return docs;
        }
    }
}
