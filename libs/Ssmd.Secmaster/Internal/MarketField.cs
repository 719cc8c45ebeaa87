namespace Ssmd.Secmaster.Internal;

/// <summary>The columns the page parser fills, in <see cref="MarketColumns.All"/> order (checked at start-up).</summary>
internal enum MarketField
{
    EventTicker,
    MarketType,
    Title,
    Subtitle,
    YesSubTitle,
    NoSubTitle,
    Status,
    CreatedTime,
    OpenTime,
    CloseTime,
    ExpectedExpirationTime,
    ExpirationTime,
    LatestExpirationTime,
    SettlementTimerSeconds,
    CanCloseEarly,
    Result,
    ExpirationValue,
    SettlementValue,
    SettledAt,
    NotionalValue,
    StrikeType,
    FloorStrike,
    CapStrike,
    PriceLevelStructure,
    PriceRanges,
}
