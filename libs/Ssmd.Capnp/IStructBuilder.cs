namespace Ssmd.Capnp;

/// <summary>A generated, typed builder over a <see cref="StructBuilder"/>, with its struct's layout.</summary>
/// <typeparam name="TSelf">The generated builder type.</typeparam>
public interface IStructBuilder<TSelf>
    where TSelf : struct, IStructBuilder<TSelf>
{
    /// <summary>Words in the struct's data section.</summary>
    static abstract ushort DataWords { get; }

    /// <summary>Pointers in the struct's pointer section.</summary>
    static abstract ushort PointerCount { get; }

    /// <summary>Wraps an untyped struct builder.</summary>
    static abstract TSelf Create(StructBuilder builder);
}
