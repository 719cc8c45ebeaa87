namespace Ssmd.Gateway.Protocol;

/// <summary>The event types a client receives (the <c>type</c> field); also the metric label.</summary>
internal enum EventKind
{
    Trade,
    Orderbook,
    Ticker,
    Status,
    Gap,
    Error,
    Subscribed,
    Unsubscribed,
}

/// <summary>Names of <see cref="EventKind"/> as sent.</summary>
internal static class EventKinds
{
    public static readonly string[] Names = ["trade", "orderbook", "ticker", "status", "gap", "error", "subscribed", "unsubscribed"];

    public static string Name(this EventKind kind) => Names[(int)kind];

    /// <summary>Book and ticker updates carry full state again later, so a slow client may skip them; trades and status may not.</summary>
    public static bool IsCoalescible(this EventKind kind) => kind is EventKind.Orderbook or EventKind.Ticker;
}
