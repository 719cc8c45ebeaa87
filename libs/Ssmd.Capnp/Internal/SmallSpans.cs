using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ssmd.Capnp.Internal;

/// <summary>
/// Clear and copy for the few hundred bytes of a typical message, inlined as 32-byte steps (the last
/// one overlapping) instead of a call into the general routines, which pay a call and a size
/// dispatch per message. Larger spans go to the general routines.
/// </summary>
internal static class SmallSpans
{
    private const int MaxInlineBytes = 512;

    /// <summary>Zeroes <paramref name="span"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(Span<byte> span)
    {
        if (Vector256.IsHardwareAccelerated && span.Length >= Vector256<byte>.Count && span.Length <= MaxInlineBytes)
        {
            // Every store covers [i, i + 32) with i + 32 <= span.Length.
            ref byte start = ref MemoryMarshal.GetReference(span);
            nuint last = (nuint)span.Length - (nuint)Vector256<byte>.Count;
            for (nuint i = 0; i < last; i += (nuint)Vector256<byte>.Count)
            {
                Vector256<byte>.Zero.StoreUnsafe(ref start, i);
            }

            Vector256<byte>.Zero.StoreUnsafe(ref start, last);
            return;
        }

        span.Clear();
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> (which must not overlap it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (Vector256.IsHardwareAccelerated && source.Length >= Vector256<byte>.Count && source.Length <= MaxInlineBytes
            && source.Length <= destination.Length)
        {
            // Every load and store covers [i, i + 32) with i + 32 <= source.Length <= destination.Length.
            ref byte from = ref MemoryMarshal.GetReference(source);
            ref byte to = ref MemoryMarshal.GetReference(destination);
            nuint last = (nuint)source.Length - (nuint)Vector256<byte>.Count;
            for (nuint i = 0; i < last; i += (nuint)Vector256<byte>.Count)
            {
                Vector256.LoadUnsafe(ref from, i).StoreUnsafe(ref to, i);
            }

            Vector256.LoadUnsafe(ref from, last).StoreUnsafe(ref to, last);
            return;
        }

        Debug.Assert(source.Length <= destination.Length, "The caller checked the destination's length.");
        source.CopyTo(destination);
    }
}
