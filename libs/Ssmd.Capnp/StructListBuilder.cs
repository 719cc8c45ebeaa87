namespace Ssmd.Capnp;

/// <summary>A list of structs being built; each element is a generated builder.</summary>
/// <typeparam name="T">The generated builder of the element struct.</typeparam>
public readonly struct StructListBuilder<T>
    where T : struct, IStructBuilder<T>
{
    private readonly MessageBuilder _message;
    private readonly byte[] _buffer;
    private readonly int _segment;
    private readonly int _start;

    internal StructListBuilder(MessageBuilder message, int segment, int start, int count)
    {
        _message = message;
        _buffer = message.Segment(segment);
        _segment = segment;
        _start = start;
        Count = count;
    }

    /// <summary>Number of elements.</summary>
    public int Count { get; }

    /// <summary>Element <paramref name="index"/>.</summary>
    public T this[int index]
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            int words = T.DataWords + T.PointerCount;
            return T.Create(new StructBuilder(_message, _buffer, _segment, _start + (index * words * 8), T.DataWords, T.PointerCount));
        }
    }
}
