namespace Ssmd.Kalshi.Rest;

/// <summary>A trade from <c>GET /markets/trades</c> (REST says <c>ticker</c> where WS says <c>market_ticker</c>).</summary>
public sealed record KalshiRestTrade
{
    public required string TradeId { get; init; }
    public required string Ticker { get; init; }
    public KalshiSize CountFp { get; init; }
    public KalshiPrice YesPriceDollars { get; init; }
    public KalshiPrice NoPriceDollars { get; init; }
    public string TakerOutcomeSide { get; init; } = "yes";
    public string TakerBookSide { get; init; } = "bid";
    public string TakerSide { get; init; } = "yes";
    public bool IsBlockTrade { get; init; }
    public DateTimeOffset CreatedTime { get; init; }
}
