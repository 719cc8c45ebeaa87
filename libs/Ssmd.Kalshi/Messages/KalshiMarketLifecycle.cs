namespace Ssmd.Kalshi.Messages;

/// <summary>
/// <c>market_lifecycle_v2</c>: <see cref="EventType"/> is open-ended (<c>created</c>, <c>activated</c>,
/// <c>deactivated</c>, <c>close_date_updated</c>, <c>determined</c>, <c>settled</c>, …); the other fields
/// are present only for some event types.
/// </summary>
public sealed record KalshiMarketLifecycle(
    string MarketTicker,
    string EventType,
    long? OpenTs = null,
    long? CloseTs = null,
    bool? IsDeactivated = null,
    string? Result = null,
    long? DeterminationTs = null,
    KalshiPrice? SettlementValue = null,
    long? SettledTs = null,
    string? PriceLevelStructure = null,
    IReadOnlyList<KalshiPriceRange>? PriceRanges = null,
    int? ExchangeIndex = null,
    KalshiLifecycleMetadata? AdditionalMetadata = null);
