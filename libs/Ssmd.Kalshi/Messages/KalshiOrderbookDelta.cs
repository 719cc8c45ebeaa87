namespace Ssmd.Kalshi.Messages;

/// <summary><c>orderbook_delta</c>: new size = old size + <see cref="Delta"/> at one level of one side.</summary>
public sealed record KalshiOrderbookDelta(
    string MarketTicker,
    string? MarketId,
    KalshiPrice Price,
    KalshiSize Delta,
    KalshiSide Side,
    long? TsMs,
    string? Ts,
    string? ClientOrderId,
    bool Legacy = false);
