using System.Diagnostics.CodeAnalysis;

namespace Ssmd.Capnp.Internal;

/// <summary>Out-of-line throws so the hot read paths stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Format(string message) => throw new CapnpFormatException(message);

    [DoesNotReturn]
    public static T Format<T>(string message) => throw new CapnpFormatException(message);

    [DoesNotReturn]
    public static void OutOfBounds(string what, long start, long words, int segment, long segmentWords) =>
        throw new CapnpFormatException(
            $"{what} at word {start} spanning {words} words is outside segment {segment} of {segmentWords} words.");

    [DoesNotReturn]
    public static void TraversalLimit(long limit) =>
        throw new CapnpFormatException(
            $"Message exceeds the traversal limit of {limit} words (a pointer loop, amplification, or a message larger than ReaderOptions allow).");

    [DoesNotReturn]
    public static void NestingLimit(int limit) =>
        throw new CapnpFormatException($"Message nests pointers deeper than the nesting limit of {limit}.");

    [DoesNotReturn]
    public static void WrongPointerKind(string expected, ulong pointer) =>
        throw new CapnpFormatException($"Expected {expected}, found {WirePointer.Describe(pointer)}.");

    [DoesNotReturn]
    public static void IndexOutOfRange(int index, int count) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {count} elements.");
}
