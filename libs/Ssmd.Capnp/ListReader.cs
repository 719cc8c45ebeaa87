namespace Ssmd.Capnp;

/// <summary>
/// An untyped list in a loaded message: where its elements start, how far apart they are, and how
/// many data bits and pointers each has. A list written with bigger elements than the reader
/// expects (a struct list read as a primitive list, say) is read through its first field, as the
/// encoding allows for schema evolution.
/// </summary>
internal readonly struct ListReader
{
    private readonly MessageReader? _message;

    internal ListReader(MessageReader message, int segment, int startByte, int count, int stepBits, int dataBits, ushort pointerCount, int nesting)
    {
        _message = message;
        Segment = segment;
        StartByte = startByte;
        Count = count;
        StepBits = stepBits;
        DataBits = dataBits;
        PointerCount = pointerCount;
        Nesting = nesting;
    }

    public MessageReader? Message => _message;

    public bool IsNull => _message is null;

    public int Segment { get; }

    public int StartByte { get; }

    public int Count { get; }

    public int StepBits { get; }

    public int DataBits { get; }

    public ushort PointerCount { get; }

    public int Nesting { get; }

    /// <summary>Absolute byte of element <paramref name="index"/> (lists of whole bytes only).</summary>
    public int ElementByte(int index) => StartByte + (int)((long)index * StepBits / 8);

    /// <summary>Absolute byte of the first pointer of element <paramref name="index"/>.</summary>
    public int ElementPointerByte(int index) => ElementByte(index) + (DataBits / 8);
}
