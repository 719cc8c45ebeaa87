using Ssmd.Capnp.Internal;

namespace Ssmd.Capnp;

/// <summary>A list of structs read in place, each element as a generated reader.</summary>
/// <typeparam name="T">The generated reader of the element struct.</typeparam>
public readonly struct StructList<T>
    where T : struct, IStructReader<T>
{
    private readonly ListReader _list;

    internal StructList(ListReader list) => _list = list;

    /// <summary>Number of elements.</summary>
    public int Count => _list.Count;

    /// <summary>Element <paramref name="index"/>.</summary>
    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_list.Count)
            {
                ThrowHelper.IndexOutOfRange(index, _list.Count);
            }

            return T.Create(StructReader.ForElement(
                _list.Message!, _list.Segment, _list.ElementByte(index), _list.DataBits / 8, _list.PointerCount, _list.Nesting));
        }
    }

    /// <summary>Enumerates the elements.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Enumerator over the elements.</summary>
    public struct Enumerator
    {
        private readonly StructList<T> _list;
        private int _index;

        internal Enumerator(StructList<T> list)
        {
            _list = list;
            _index = -1;
        }

        /// <summary>The current element.</summary>
        public readonly T Current => _list[_index];

        /// <summary>Moves to the next element.</summary>
        public bool MoveNext() => ++_index < _list.Count;
    }
}
