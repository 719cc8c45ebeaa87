namespace Ssmd.Kalshi.Messages;

/// <summary>
/// A client command: <c>{"id":N,"cmd":"subscribe|unsubscribe|update_subscription|list_subscriptions","params":{…}}</c>.
/// <see cref="Params"/> is null when the frame had no <c>params</c>.
/// </summary>
public sealed record KalshiCommand(long Id, string? Cmd, KalshiCommandParams? Params)
{
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";
    public const string UpdateSubscription = "update_subscription";
    public const string ListSubscriptions = "list_subscriptions";
}
