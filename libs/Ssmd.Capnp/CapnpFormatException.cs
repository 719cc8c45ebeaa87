namespace Ssmd.Capnp;

/// <summary>
/// The one exception a malformed, truncated or hostile Cap'n Proto message raises: a bad segment
/// table, a pointer out of bounds, a wrong pointer kind, text without its NUL, or a message that
/// exceeds the traversal or nesting limit of its <see cref="ReaderOptions"/>. Reading never throws
/// anything else for bad bytes.
/// </summary>
public sealed class CapnpFormatException : Exception
{
    /// <summary>Creates the exception with a message saying what was expected and what was found.</summary>
    public CapnpFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message (prefer the one with a message).</summary>
    public CapnpFormatException()
    {
    }

    /// <summary>Creates the exception wrapping another one.</summary>
    public CapnpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
