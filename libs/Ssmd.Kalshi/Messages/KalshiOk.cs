namespace Ssmd.Kalshi.Messages;

/// <summary>
/// <c>ok</c>: either the full market list of a subscription after an update (<see cref="MarketTickers"/>,
/// from <c>msg</c> or, in the January-2026 shape, the top level) or the <c>list_subscriptions</c> reply
/// (<see cref="Subscriptions"/>, from an array <c>msg</c> or the older <c>subscriptions</c> key).
/// </summary>
public sealed record KalshiOk(IReadOnlyList<string>? MarketTickers, IReadOnlyList<KalshiSubscriptionInfo>? Subscriptions);
