namespace Ssmd.Capnp;

/// <summary>A list of Bool being built (packed bits, least significant first).</summary>
public readonly struct BoolListBuilder
{
    private readonly Memory<byte> _bytes;

    internal BoolListBuilder(Memory<byte> bytes, int count)
    {
        _bytes = bytes;
        Count = count;
    }

    /// <summary>Number of elements.</summary>
    public int Count { get; }

    /// <summary>Element <paramref name="index"/>.</summary>
    public bool this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return (_bytes.Span[index >> 3] & (1 << (index & 7))) != 0;
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            Span<byte> b = _bytes.Span;
            int mask = 1 << (index & 7);
            b[index >> 3] = value ? (byte)(b[index >> 3] | mask) : (byte)(b[index >> 3] & ~mask);
        }
    }
}
