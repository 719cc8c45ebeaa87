using System.Runtime.InteropServices;

namespace Ssmd.Capnp;

/// <summary>A list of primitives being built: set elements one by one or copy a span in.</summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly struct PrimitiveListBuilder<T>
    where T : unmanaged
{
    private readonly Memory<byte> _bytes;

    internal PrimitiveListBuilder(Memory<byte> bytes, int count)
    {
        _bytes = bytes;
        Count = count;
    }

    /// <summary>Number of elements.</summary>
    public int Count { get; }

    /// <summary>The elements, writable in place (little-endian machine, as the reader requires).</summary>
    public Span<T> Span => MemoryMarshal.Cast<byte, T>(_bytes.Span);

    /// <summary>Element <paramref name="index"/>.</summary>
    public T this[int index]
    {
        get => Span[index];
        set => Span[index] = value;
    }
}
