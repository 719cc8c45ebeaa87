namespace Ssmd.Capnp.Internal;

/// <summary>
/// Bit layout of a pointer word (capnproto.org/encoding.html#pointers). "A pointer is a 64-bit
/// little-endian word; the two least significant bits encode the pointer kind."
/// </summary>
internal static class WirePointer
{
    public const int StructKind = 0;
    public const int ListKind = 1;
    public const int FarKind = 2;
    public const int OtherKind = 3;

    /// <summary>Element size codes of a list pointer (bits 32-34, "C").</summary>
    public const int Void = 0, Bit = 1, Byte = 2, TwoBytes = 3, FourBytes = 4, EightBytes = 5, Pointer = 6, Composite = 7;

    public static int Kind(ulong w) => (int)(w & 3);

    /// <summary>"B (30 bits) = Offset, in words, from the end of the pointer to the start of the target" — signed.</summary>
    public static int Offset(ulong w) => ((int)(uint)w) >> 2;

    public static ushort StructDataWords(ulong w) => (ushort)(w >> 32);

    public static ushort StructPointerCount(ulong w) => (ushort)(w >> 48);

    public static int ListElementSize(ulong w) => (int)((w >> 32) & 7);

    /// <summary>"D (29 bits) = Size of the list: the element count, or the word count for composite lists."</summary>
    public static int ListCount(ulong w) => (int)(w >> 35);

    /// <summary>"B (1 bit) = Landing pad is two words" of a far pointer.</summary>
    public static bool FarIsDouble(ulong w) => (w & 4) != 0;

    /// <summary>"C (29 bits) = Offset, in words, of the landing pad within the target segment."</summary>
    public static int FarPadOffset(ulong w) => (int)((uint)w >> 3);

    /// <summary>"D (32 bits) = ID of the target segment."</summary>
    public static uint FarSegment(ulong w) => (uint)(w >> 32);

    /// <summary>Bits per element for element sizes 0-6.</summary>
    public static int BitsPerElement(int elementSize) => elementSize switch
    {
        Void => 0,
        Bit => 1,
        Byte => 8,
        TwoBytes => 16,
        FourBytes => 32,
        _ => 64,
    };

    public static ulong Struct(int offset, ushort dataWords, ushort pointerCount) =>
        ((uint)(offset << 2) & 0xFFFFFFFCu) | ((ulong)dataWords << 32) | ((ulong)pointerCount << 48);

    public static ulong List(int offset, int elementSize, int count) =>
        ((uint)(offset << 2) & 0xFFFFFFFCu) | 1UL | ((ulong)(uint)elementSize << 32) | ((ulong)(uint)count << 35);

    public static ulong Far(int segment, int padOffset) => 2UL | ((ulong)(uint)padOffset << 3) | ((ulong)(uint)segment << 32);

    /// <summary>Replaces the offset bits of a struct or list pointer.</summary>
    public static ulong WithOffset(ulong w, int offset) => (w & 0xFFFFFFFF00000003UL) | ((uint)(offset << 2) & 0xFFFFFFFCu);

    public static string Describe(ulong w) => Kind(w) switch
    {
        StructKind => $"a struct pointer (offset {Offset(w)}, {StructDataWords(w)} data words, {StructPointerCount(w)} pointers)",
        ListKind => $"a list pointer (offset {Offset(w)}, element size {ListElementSize(w)}, count {ListCount(w)})",
        FarKind => $"a far pointer (segment {FarSegment(w)}, pad {FarPadOffset(w)}, double {FarIsDouble(w)})",
        _ => $"a capability or reserved pointer (0x{w:X16})",
    };
}
