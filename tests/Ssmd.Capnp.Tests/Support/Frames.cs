using System.Buffers.Binary;

namespace Ssmd.Capnp.Tests.Support;

/// <summary>Hand-made frames for hostile-input cases: segments given as words.</summary>
public static class Frames
{
    public static byte[] Of(params ulong[][] segments)
    {
        int header = ((4 + (4 * segments.Length)) + 7) & ~7;
        var bytes = new byte[header + (segments.Sum(s => s.Length) * 8)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)(segments.Length - 1));
        int offset = header;
        for (int i = 0; i < segments.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 + (4 * i)), (uint)segments[i].Length);
            foreach (ulong word in segments[i])
            {
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset), word);
                offset += 8;
            }
        }

        return bytes;
    }

    /// <summary>A struct pointer word.</summary>
    public static ulong Struct(int offset, ushort dataWords, ushort pointers) =>
        ((uint)(offset << 2) & 0xFFFFFFFCu) | ((ulong)dataWords << 32) | ((ulong)pointers << 48);

    /// <summary>A list pointer word.</summary>
    public static ulong List(int offset, int elementSize, int count) =>
        ((uint)(offset << 2) & 0xFFFFFFFCu) | 1UL | ((ulong)(uint)elementSize << 32) | ((ulong)(uint)count << 35);

    /// <summary>A far pointer word.</summary>
    public static ulong Far(uint segment, int padOffset, bool isDouble = false) =>
        2UL | (isDouble ? 4UL : 0) | ((ulong)(uint)padOffset << 3) | ((ulong)segment << 32);
}
