namespace Ssmd.Streams;

/// <summary>A stream or consumer does not fit the environment: raised at start-up, before any message moves.</summary>
public sealed class SsmdStreamException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SsmdStreamException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SsmdStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
