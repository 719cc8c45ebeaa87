namespace Ssmd.Secmaster;

/// <summary>
/// One lifecycle message from the normalized status stream, as the security master applies it: the
/// fields given replace the stored ones (each change a history row); null fields stay as they are.
/// </summary>
public sealed record SecmasterLifecycleUpdate
{
    /// <summary>The market.</summary>
    public required string Ticker { get; init; }

    /// <summary>What happened.</summary>
    public required SecmasterLifecycleKind Kind { get; init; }

    /// <summary>
    /// The status after this message, as Kalshi's REST spells it (<c>closed</c>, <c>inactive</c>,
    /// <c>finalized</c>…); null uses the status <see cref="Kind"/> implies (none for close and metadata changes).
    /// </summary>
    public string? Status { get; init; }

    /// <summary>Scheduled open (<c>open_ts</c> of <c>created</c>).</summary>
    public DateTimeOffset? OpenTime { get; init; }

    /// <summary>Scheduled close (<c>close_ts</c> of <c>created</c> and <c>close_date_updated</c>).</summary>
    public DateTimeOffset? CloseTime { get; init; }

    /// <summary>Expected expiration (<c>expected_expiration_ts</c> of <c>created</c>).</summary>
    public DateTimeOffset? ExpectedExpirationTime { get; init; }

    /// <summary><c>yes</c>, <c>no</c> or <c>scalar</c> (<c>determined</c>).</summary>
    public string? Result { get; init; }

    /// <summary>YES payout in units of 0.0001 dollar (<c>settlement_value</c> of <c>determined</c>: "1.0000" is 10000).</summary>
    public long? SettlementValue { get; init; }

    /// <summary><c>determination_ts</c> of <c>determined</c>.</summary>
    public DateTimeOffset? DeterminedAt { get; init; }

    /// <summary><c>settled_ts</c> of <c>settled</c>.</summary>
    public DateTimeOffset? SettledAt { get; init; }

    /// <summary>The parent event (<c>created</c>).</summary>
    public string? EventTicker { get; init; }

    /// <summary>Title (<c>created</c>).</summary>
    public string? Title { get; init; }

    /// <summary>YES label (<c>created</c>, <c>metadata_updated</c>).</summary>
    public string? YesSubTitle { get; init; }

    /// <summary>NO label (<c>created</c>).</summary>
    public string? NoSubTitle { get; init; }

    /// <summary>Whether the market can close before its scheduled close (<c>created</c>).</summary>
    public bool? CanCloseEarly { get; init; }

    /// <summary>Strike type (<c>created</c>, <c>metadata_updated</c>).</summary>
    public string? StrikeType { get; init; }

    /// <summary>Floor strike (<c>created</c>, <c>metadata_updated</c>).</summary>
    public decimal? FloorStrike { get; init; }

    /// <summary>Cap strike (<c>created</c>, <c>metadata_updated</c>).</summary>
    public decimal? CapStrike { get; init; }

    /// <summary>Price grid label (<c>created</c>, <c>price_level_structure_updated</c>).</summary>
    public string? PriceLevelStructure { get; init; }

    /// <summary>
    /// When ssmd's connector received the message (null when unknown). A message received well before the
    /// last complete sync started is already in what that sync read from REST, and is not applied over it.
    /// </summary>
    public DateTimeOffset? ReceivedAt { get; init; }
}
