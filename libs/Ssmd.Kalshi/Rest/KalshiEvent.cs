namespace Ssmd.Kalshi.Rest;

/// <summary>The REST EventData object. REST spells it <c>sub_title</c> (the WS message says <c>subtitle</c>).</summary>
public sealed record KalshiEvent
{
    public required string EventTicker { get; init; }
    public required string SeriesTicker { get; init; }
    public string Title { get; init; } = "";
    public string SubTitle { get; init; } = "";
    public string CollateralReturnType { get; init; } = "";
    public bool MutuallyExclusive { get; init; }
    public string? Category { get; init; }
    public DateTimeOffset? StrikeDate { get; init; }
    public string? StrikePeriod { get; init; }
    public bool AvailableOnBrokers { get; init; }
    public DateTimeOffset? LastUpdatedTs { get; init; }
    public int ExchangeIndex { get; init; }
    public IReadOnlyList<KalshiMarket>? Markets { get; init; }
}
