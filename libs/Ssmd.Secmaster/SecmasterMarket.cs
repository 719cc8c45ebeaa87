namespace Ssmd.Secmaster;

/// <summary>One market as the security master holds it now. Prices are in units of 0.0001 dollar.</summary>
public sealed record SecmasterMarket
{
    /// <summary>The market ticker.</summary>
    public required string Ticker { get; init; }

    /// <summary>The parent event.</summary>
    public string? EventTicker { get; init; }

    /// <summary>The event's series (from the events table).</summary>
    public string? SeriesTicker { get; init; }

    /// <summary>The series' category (Kalshi keeps category on the series).</summary>
    public string? Category { get; init; }

    /// <summary><c>binary</c> or <c>scalar</c>.</summary>
    public string? MarketType { get; init; }

    /// <summary>Title (deprecated at Kalshi, still sent).</summary>
    public string? Title { get; init; }

    /// <summary>Subtitle.</summary>
    public string? Subtitle { get; init; }

    /// <summary>YES label.</summary>
    public string? YesSubTitle { get; init; }

    /// <summary>NO label.</summary>
    public string? NoSubTitle { get; init; }

    /// <summary>The exchange's status string (<c>initialized</c>, <c>active</c>, <c>closed</c>, <c>determined</c>, <c>finalized</c>…), unknown values kept as sent.</summary>
    public string? Status { get; init; }

    /// <summary>When the exchange created it.</summary>
    public DateTimeOffset? CreatedTime { get; init; }

    /// <summary>Trading opens.</summary>
    public DateTimeOffset? OpenTime { get; init; }

    /// <summary>Trading closes (may move).</summary>
    public DateTimeOffset? CloseTime { get; init; }

    /// <summary>When the outcome is expected to be known.</summary>
    public DateTimeOffset? ExpectedExpirationTime { get; init; }

    /// <summary>Legacy expiration time.</summary>
    public DateTimeOffset? ExpirationTime { get; init; }

    /// <summary>Latest possible expiration.</summary>
    public DateTimeOffset? LatestExpirationTime { get; init; }

    /// <summary>Delay between determination and settlement.</summary>
    public int? SettlementTimerSeconds { get; init; }

    /// <summary>Whether it can close before <see cref="CloseTime"/>.</summary>
    public bool? CanCloseEarly { get; init; }

    /// <summary><c>yes</c>, <c>no</c>, <c>scalar</c>, or empty until determined.</summary>
    public string? Result { get; init; }

    /// <summary>The observed value used for settlement.</summary>
    public string? ExpirationValue { get; init; }

    /// <summary>YES payout after determination, 0.0001 dollar.</summary>
    public long? SettlementValue { get; init; }

    /// <summary>When it was determined (known from the lifecycle stream only).</summary>
    public DateTimeOffset? DeterminedAt { get; init; }

    /// <summary>When it settled.</summary>
    public DateTimeOffset? SettledAt { get; init; }

    /// <summary>Payout of one contract, 0.0001 dollar.</summary>
    public long? NotionalValue { get; init; }

    /// <summary>Strike type.</summary>
    public string? StrikeType { get; init; }

    /// <summary>Floor strike.</summary>
    public decimal? FloorStrike { get; init; }

    /// <summary>Cap strike.</summary>
    public decimal? CapStrike { get; init; }

    /// <summary>Price grid label.</summary>
    public string? PriceLevelStructure { get; init; }

    /// <summary>The valid price grid.</summary>
    public IReadOnlyList<SecmasterPriceBand> PriceRanges { get; init; } = [];

    /// <summary>The exchange's object without trading fields, as JSON.</summary>
    public string RawJson { get; init; } = "{}";

    /// <summary>Goes up by one with every change.</summary>
    public int Version { get; init; }

    /// <summary>When the security master first saw it.</summary>
    public DateTimeOffset FirstSeenAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
