namespace Ssmd.Kalshi.Messages;

/// <summary><c>event_lifecycle</c>: a new event. <see cref="Subtitle"/> comes from <c>subtitle</c> or the older <c>sub_title</c>.</summary>
public sealed record KalshiEventLifecycle(
    string EventTicker,
    string SeriesTicker,
    string Title,
    string Subtitle,
    string CollateralReturnType,
    int? ExchangeIndex = null,
    long? StrikeDate = null,
    string? StrikePeriod = null);
