namespace Ssmd.Kalshi.Rest;

/// <summary>The REST Series object: the category lives here, not on the market.</summary>
public sealed record KalshiSeries
{
    public required string Ticker { get; init; }
    public string Frequency { get; init; } = "";
    public string Title { get; init; } = "";
    public required string Category { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<KalshiSettlementSource> SettlementSources { get; init; } = [];
    public string ContractUrl { get; init; } = "";
    public string ContractTermsUrl { get; init; } = "";
    public string FeeType { get; init; } = "quadratic";
    public decimal FeeMultiplier { get; init; } = 1;
    public IReadOnlyList<string> AdditionalProhibitions { get; init; } = [];
    public DateTimeOffset? LastUpdatedTs { get; init; }
    public int ExchangeIndex { get; init; }
}
