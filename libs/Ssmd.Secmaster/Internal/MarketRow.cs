namespace Ssmd.Secmaster.Internal;

/// <summary>
/// One market as read from a REST page: typed columns, the raw object without trading fields, and the
/// fields to leave as they are (absent from the object or not understood).
/// </summary>
internal sealed class MarketRow
{
    public required string Ticker { get; set; }
    public string? EventTicker { get; set; }
    public string? MarketType { get; set; }
    public string? Title { get; set; }
    public string? Subtitle { get; set; }
    public string? YesSubTitle { get; set; }
    public string? NoSubTitle { get; set; }
    public string? Status { get; set; }
    public DateTime? CreatedTime { get; set; }
    public DateTime? OpenTime { get; set; }
    public DateTime? CloseTime { get; set; }
    public DateTime? ExpectedExpirationTime { get; set; }
    public DateTime? ExpirationTime { get; set; }
    public DateTime? LatestExpirationTime { get; set; }
    public int? SettlementTimerSeconds { get; set; }
    public bool? CanCloseEarly { get; set; }
    public string? Result { get; set; }
    public string? ExpirationValue { get; set; }
    public long? SettlementValue { get; set; }
    public DateTime? SettledAt { get; set; }
    public long? NotionalValue { get; set; }
    public string? StrikeType { get; set; }
    public decimal? FloorStrike { get; set; }
    public decimal? CapStrike { get; set; }
    public string? PriceLevelStructure { get; set; }
    public string? PriceRangesJson { get; set; }
    /// <summary>
    /// The exchange's object without trading fields, as its UTF-8 bytes: written to the jsonb column as they
    /// are (a string would be two bytes a character and re-encoded on the way out).
    /// </summary>
    public required byte[] RawUtf8 { get; set; }

    /// <summary>Hash of <see cref="RawUtf8"/> (and the parser version): equal to the stored one means the market is unchanged.</summary>
    public long SyncHash { get; set; }

    /// <summary>Column names whose incoming value is not used (the stored one stays); null when none.</summary>
    public List<string>? Keep { get; set; }
}
