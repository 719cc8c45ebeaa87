using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ssmd.Capnp.Internal;

namespace Ssmd.Capnp;

/// <summary>
/// A list of primitives (integers, floats or enums backed by UInt16) read in place. Elements are
/// little-endian on the wire; this runtime requires a little-endian machine (checked once).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly struct PrimitiveList<T>
    where T : unmanaged
{
    private readonly ListReader _list;

    static PrimitiveList()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Ssmd.Capnp reads lists in place and needs a little-endian machine.");
        }
    }

    internal PrimitiveList(ListReader list) => _list = list;

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

            if (_list.DataBits < Unsafe.SizeOf<T>() * 8)
            {
                return default;
            }

            return MemoryMarshal.Read<T>(_list.Message!.Span[_list.ElementByte(index)..]);
        }
    }

    /// <summary>The elements as a span when they are packed (always, unless written as structs).</summary>
    public bool TryGetSpan(out ReadOnlySpan<T> span)
    {
        if (_list.IsNull)
        {
            span = [];
            return true;
        }

        if (_list.StepBits != Unsafe.SizeOf<T>() * 8)
        {
            span = default;
            return false;
        }

        span = MemoryMarshal.Cast<byte, T>(_list.Message!.Span.Slice(_list.StartByte, _list.Count * Unsafe.SizeOf<T>()));
        return true;
    }

    /// <summary>Enumerates the elements.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Enumerator over the elements.</summary>
    public struct Enumerator
    {
        private readonly PrimitiveList<T> _list;
        private int _index;

        internal Enumerator(PrimitiveList<T> list)
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
