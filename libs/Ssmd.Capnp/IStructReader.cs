namespace Ssmd.Capnp;

/// <summary>A generated, typed reader over a <see cref="StructReader"/>.</summary>
/// <typeparam name="TSelf">The generated reader type.</typeparam>
public interface IStructReader<TSelf>
    where TSelf : struct, IStructReader<TSelf>
{
    /// <summary>Wraps an untyped struct.</summary>
    static abstract TSelf Create(StructReader reader);
}
