namespace Ssmd.Kalshi.Messages;

/// <summary>The <c>type</c> of a server frame; anything else is <see cref="Unknown"/> (kept, never thrown on).</summary>
public enum KalshiMessageType
{
    Unknown,
    Subscribed,
    Ok,
    Unsubscribed,
    Error,
    OrderbookSnapshot,
    OrderbookDelta,
    Ticker,
    Trade,
    MarketLifecycleV2,
    EventLifecycle,
}
