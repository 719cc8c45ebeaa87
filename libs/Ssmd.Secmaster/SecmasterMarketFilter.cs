namespace Ssmd.Secmaster;

/// <summary>Filters for <see cref="SecmasterRepository.ListMarketsAsync"/>; every one given must match.</summary>
public sealed record SecmasterMarketFilter
{
    /// <summary>Any of these exchange statuses.</summary>
    public IReadOnlyList<string>? Statuses { get; init; }

    /// <summary>This event.</summary>
    public string? EventTicker { get; init; }

    /// <summary>This series.</summary>
    public string? SeriesTicker { get; init; }

    /// <summary>This series category (exact, case-insensitive).</summary>
    public string? Category { get; init; }

    /// <summary>Tickers starting with this.</summary>
    public string? TickerPrefix { get; init; }

    /// <summary>This text anywhere in the ticker, event ticker, title or subtitles (case-insensitive).</summary>
    public string? Text { get; init; }

    /// <summary>Closing at or after this time.</summary>
    public DateTimeOffset? ClosesAfter { get; init; }

    /// <summary>Closing before this time.</summary>
    public DateTimeOffset? ClosesBefore { get; init; }
}
