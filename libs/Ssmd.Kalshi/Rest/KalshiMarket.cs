using System.Text.Json.Serialization;

namespace Ssmd.Kalshi.Rest;

/// <summary>
/// The REST Market object (2026-08 schema, the fields a market-data system reads). Times are
/// <see cref="DateTimeOffset"/>s written as RFC 3339 UTC.
/// </summary>
public sealed record KalshiMarket
{
    public required string Ticker { get; init; }
    public required string EventTicker { get; init; }
    public string MarketType { get; init; } = "binary";
    public string? Title { get; init; }
    public string? Subtitle { get; init; }
    public string YesSubTitle { get; init; } = "";
    public string NoSubTitle { get; init; } = "";
    public DateTimeOffset CreatedTime { get; init; }
    public DateTimeOffset UpdatedTime { get; init; }
    public DateTimeOffset OpenTime { get; init; }
    public DateTimeOffset CloseTime { get; init; }
    public DateTimeOffset? ExpectedExpirationTime { get; init; }
    public DateTimeOffset LatestExpirationTime { get; init; }
    public DateTimeOffset? ExpirationTime { get; init; }
    public int SettlementTimerSeconds { get; init; }
    public required string Status { get; init; }
    public KalshiPrice YesBidDollars { get; init; }
    public KalshiPrice YesAskDollars { get; init; } = KalshiPrice.One;
    public KalshiPrice NoBidDollars { get; init; }
    public KalshiPrice NoAskDollars { get; init; } = KalshiPrice.One;
    public KalshiSize YesBidSizeFp { get; init; }
    public KalshiSize YesAskSizeFp { get; init; }
    public KalshiPrice LastPriceDollars { get; init; }
    public KalshiPrice PreviousYesBidDollars { get; init; }
    public KalshiPrice PreviousYesAskDollars { get; init; }
    public KalshiPrice PreviousPriceDollars { get; init; }
    public KalshiSize VolumeFp { get; init; }
    [JsonPropertyName("volume_24h_fp")]
    public KalshiSize Volume24hFp { get; init; }
    public KalshiSize OpenInterestFp { get; init; }
    public KalshiPrice NotionalValueDollars { get; init; } = KalshiPrice.One;
    public KalshiPrice LiquidityDollars { get; init; }
    public string Result { get; init; } = "";
    public KalshiPrice? SettlementValueDollars { get; init; }
    public DateTimeOffset? SettlementTs { get; init; }
    public string ExpirationValue { get; init; } = "";
    public bool CanCloseEarly { get; init; }
    public string? EarlyCloseCondition { get; init; }
    public DateTimeOffset? OccurrenceDatetime { get; init; }
    public string? StrikeType { get; init; }
    public decimal? FloorStrike { get; init; }
    public decimal? CapStrike { get; init; }
    public string RulesPrimary { get; init; } = "";
    public string RulesSecondary { get; init; } = "";
    public string PriceLevelStructure { get; init; } = "linear_cent";
    public IReadOnlyList<KalshiRestPriceRange> PriceRanges { get; init; } = [];
    public int ExchangeIndex { get; init; }
    public bool IsProvisional { get; init; }
}
