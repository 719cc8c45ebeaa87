using Ssmd.Capnp.Internal;

namespace Ssmd.Capnp;

/// <summary>A list of Data read in place.</summary>
public readonly struct DataList
{
    private readonly ListReader _list;

    internal DataList(ListReader list) => _list = list;

    /// <summary>Number of elements.</summary>
    public int Count => _list.Count;

    /// <summary>Element <paramref name="index"/> (empty when its pointer is null).</summary>
    public ReadOnlyMemory<byte> this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_list.Count)
            {
                ThrowHelper.IndexOutOfRange(index, _list.Count);
            }

            return _list.Message!.ReadDataPointer(_list.Segment, _list.ElementPointerByte(index), _list.Nesting);
        }
    }
}
