using Ssmd.Capnp.Internal;

namespace Ssmd.Capnp;

/// <summary>A list of Bool read in place ("bit lists are packed, least significant bit first").</summary>
public readonly struct BoolList
{
    private readonly ListReader _list;

    internal BoolList(ListReader list) => _list = list;

    /// <summary>Number of elements.</summary>
    public int Count => _list.Count;

    /// <summary>Element <paramref name="index"/>.</summary>
    public bool this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_list.Count)
            {
                ThrowHelper.IndexOutOfRange(index, _list.Count);
            }

            byte b = _list.Message!.Span[_list.StartByte + (index >> 3)];
            return (b & (1 << (index & 7))) != 0;
        }
    }
}
