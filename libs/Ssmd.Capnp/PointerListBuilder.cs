namespace Ssmd.Capnp;

/// <summary>A list of Text or Data being built (a list of pointers).</summary>
public readonly struct PointerListBuilder
{
    private readonly MessageBuilder _message;
    private readonly int _segment;
    private readonly int _start;

    internal PointerListBuilder(MessageBuilder message, int segment, int start, int count)
    {
        _message = message;
        _segment = segment;
        _start = start;
        Count = count;
    }

    /// <summary>Number of elements.</summary>
    public int Count { get; }

    /// <summary>Writes element <paramref name="index"/> as Text.</summary>
    public void SetText(int index, ReadOnlySpan<char> value) => Element(index).WriteText(0, value);

    /// <summary>Writes element <paramref name="index"/> as Text from UTF-8 bytes.</summary>
    public void SetText(int index, ReadOnlySpan<byte> utf8) => Element(index).WriteText(0, utf8);

    /// <summary>Writes element <paramref name="index"/> as Data.</summary>
    public void SetData(int index, ReadOnlySpan<byte> value) => Element(index).WriteData(0, value);

    // Each element pointer is addressed as the one pointer of a data-less struct.
    private StructBuilder Element(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return new StructBuilder(_message, _segment, _start + (index * 8), 0, 1);
    }
}
