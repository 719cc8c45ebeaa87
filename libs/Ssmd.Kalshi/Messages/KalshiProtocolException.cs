namespace Ssmd.Kalshi.Messages;

/// <summary>A frame that is not valid JSON or has a field of the wrong shape; carries what was known of the envelope.</summary>
public sealed class KalshiProtocolException : Exception
{
    public KalshiProtocolException(string message, string? type = null, long? sid = null, long? seq = null, Exception? inner = null)
        : base(message, inner)
    {
        FrameType = type;
        Sid = sid;
        Seq = seq;
    }

    public string? FrameType { get; }

    public long? Sid { get; }

    public long? Seq { get; }
}
