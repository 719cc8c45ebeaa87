namespace Ssmd.Capnp;

/// <summary>
/// Security limits for reading, as in the reference implementation (capnp/message.h
/// <c>ReaderOptions</c>): a traversal limit in words that bounds the work and memory a hostile
/// message can cause (every pointer dereference charges the words it covers, and an element of a
/// zero-sized list is charged one word so a tiny message cannot fake a huge one), and a nesting limit
/// that bounds pointer depth.
/// </summary>
public sealed record ReaderOptions
{
    /// <summary>The reference default: 8 Mi words (64 MiB) of traversal.</summary>
    public const long DefaultTraversalLimitInWords = 8 * 1024 * 1024;

    /// <summary>The reference default: 64 levels of pointers.</summary>
    public const int DefaultNestingLimit = 64;

    /// <summary>The reference default: at most 512 segments in one message.</summary>
    public const int DefaultMaxSegments = 512;

    /// <summary>The defaults of the reference implementation.</summary>
    public static ReaderOptions Default { get; } = new();

    /// <summary>Words that may be traversed (charged per dereference) before reading fails.</summary>
    public long TraversalLimitInWords { get; init; } = DefaultTraversalLimitInWords;

    /// <summary>Pointer depth allowed below the root.</summary>
    public int NestingLimit { get; init; } = DefaultNestingLimit;

    /// <summary>Segments allowed in one message's segment table.</summary>
    public int MaxSegments { get; init; } = DefaultMaxSegments;
}
