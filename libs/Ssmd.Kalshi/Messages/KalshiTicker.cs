namespace Ssmd.Kalshi.Messages;

/// <summary><c>ticker</c>: a full summary of one market (not a delta). Every field but the ticker is optional on the wire.</summary>
public sealed record KalshiTicker(
    string MarketTicker,
    string? MarketId,
    KalshiPrice? Price,
    KalshiPrice? YesBid,
    KalshiPrice? YesAsk,
    KalshiSize? YesBidSize,
    KalshiSize? YesAskSize,
    KalshiSize? LastTradeSize,
    KalshiSize? Volume,
    KalshiSize? OpenInterest,
    long? DollarVolume,
    long? DollarOpenInterest,
    long? TsMs,
    long? Ts,
    string? Time,
    bool Legacy = false);
