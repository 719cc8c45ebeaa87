namespace Ssmd.Kalshi.Messages;

/// <summary>
/// One server frame: the envelope (<c>type</c>, <c>sid</c>, <c>seq</c>, <c>id</c>) and its parsed
/// <c>msg</c>, one of the <c>Kalshi*</c> message records (null for <c>unsubscribed</c> and unknown types).
/// </summary>
public sealed record KalshiFrame(KalshiMessageType Type, string TypeName, long? Sid, long? Seq, long? Id, object? Message)
{
    /// <summary>Top-level or <c>msg</c> field names the reader did not know (counted, not fatal).</summary>
    public int UnknownFields { get; init; }
}
