using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ssmd.Capnp.Internal;

/// <summary>
/// UTF-16 to ASCII narrowing for short Text (tickers, ids): inlined, 16 chars a step with an
/// overlapping last step, so a 23- or 36-char string is two or three vector steps and no call —
/// <see cref="System.Text.Ascii.FromUtf16(ReadOnlySpan{char}, Span{byte}, out int)"/> is built for
/// long inputs and costs a call and its set-up on every field.
/// </summary>
internal static class AsciiText
{
    /// <summary>
    /// Writes <paramref name="source"/> as one byte a char into the start of
    /// <paramref name="destination"/> and returns true when every char is ASCII. On false, some
    /// leading bytes may already be written. Every access stays inside both spans: loads and stores
    /// cover [0, source.Length) only, and the destination holds at least that many bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryNarrow(ReadOnlySpan<char> source, Span<byte> destination)
    {
        if (source.Length > destination.Length)
        {
            return false;
        }

        ref ushort src = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(source));
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)source.Length;
        if (Vector128.IsHardwareAccelerated && length >= 16)
        {
            Vector128<ushort> nonAscii = Vector128.Create((ushort)0xFF80);
            nuint last = length - 16;
            nuint i = 0;
            while (true)
            {
                Debug.Assert(i + 16 <= length, "A vector step stays inside the text.");
                Vector128<ushort> low = Vector128.LoadUnsafe(ref src, i);
                Vector128<ushort> high = Vector128.LoadUnsafe(ref src, i + 8);
                if (((low | high) & nonAscii) != Vector128<ushort>.Zero)
                {
                    return false;
                }

                Vector128.Narrow(low, high).StoreUnsafe(ref dst, i);
                if (i == last)
                {
                    return true;
                }

                // The last step overlaps the one before it rather than running a scalar tail.
                i = Math.Min(i + 16, last);
            }
        }

        if (Vector128.IsHardwareAccelerated && length >= 8)
        {
            // 8 to 15 chars: two 8-char steps, the second ending at the last char.
            Vector128<ushort> nonAscii = Vector128.Create((ushort)0xFF80);
            Vector128<ushort> first = Vector128.LoadUnsafe(ref src);
            Vector128<ushort> second = Vector128.LoadUnsafe(ref src, length - 8);
            if (((first | second) & nonAscii) != Vector128<ushort>.Zero)
            {
                return false;
            }

            Unsafe.WriteUnaligned(ref dst, Vector128.Narrow(first, first).AsUInt64().ToScalar());
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, length - 8), Vector128.Narrow(second, second).AsUInt64().ToScalar());
            return true;
        }

        for (nuint i = 0; i < length; i++)
        {
            ushort c = Unsafe.Add(ref src, i);
            if (c > 0x7F)
            {
                return false;
            }

            Unsafe.Add(ref dst, i) = (byte)c;
        }

        return true;
    }
}
