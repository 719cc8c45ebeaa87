namespace Ssmd.Kalshi.Messages;

/// <summary>One entry of a <c>list_subscriptions</c> reply.</summary>
public sealed record KalshiSubscriptionInfo(string Channel, long Sid);
