namespace Ssmd.Kalshi.Messages;

/// <summary><c>subscribed</c>: a new subscription (older servers sent it without <c>msg</c>).</summary>
public sealed record KalshiSubscribed(string? Channel, long? Sid);
