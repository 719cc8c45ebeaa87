namespace Ssmd.Kalshi.Rest;

/// <summary>A trade from <c>GET /markets/trades</c> (REST says <c>ticker</c> where WS says <c>market_ticker</c>).</summary>
public sealed record KalshiRestTrade
{
    public required string TradeId { get; init; }
    public required string Ticker { get; init; }
    public KalshiSize CountFp { get; init; }
    public KalshiPrice YesPriceDollars { get; init; }
    public KalshiPrice NoPriceDollars { get; init; }
    /// <summary><c>yes</c> or <c>no</c>: the outcome the taker bought. Null when absent (older API versions send only <see cref="TakerSide"/>).</summary>
    public string? TakerOutcomeSide { get; init; }

    /// <summary><c>bid</c> or <c>ask</c>; null when absent.</summary>
    public string? TakerBookSide { get; init; }

    /// <summary>The deprecated twin of <see cref="TakerOutcomeSide"/> (CORRECTIONS.md 17: may disappear at any time); null when absent.</summary>
    public string? TakerSide { get; init; }
    public bool IsBlockTrade { get; init; }
    public DateTimeOffset CreatedTime { get; init; }
}
