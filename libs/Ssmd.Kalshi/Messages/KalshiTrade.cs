namespace Ssmd.Kalshi.Messages;

/// <summary><c>trade</c>: one execution. <see cref="TradeId"/> is opaque (not always a valid RFC 4122 UUID).</summary>
public sealed record KalshiTrade(
    string TradeId,
    string MarketTicker,
    KalshiPrice YesPrice,
    KalshiPrice NoPrice,
    KalshiSize Count,
    KalshiSide? TakerOutcomeSide,
    string? TakerBookSide,
    string? TakerSide,
    bool? IsBlockTrade,
    long? TsMs,
    long? Ts,
    bool Legacy = false);
