namespace Ssmd.Capnp.Generator.Schema;

/// <summary>An element of a struct list read untyped.</summary>
internal readonly struct RawStruct(StructReader s) : IStructReader<RawStruct>
{
    public StructReader Struct => s;

    public static RawStruct Create(StructReader reader) => new(reader);
}
