namespace Ssmd.Environments;

/// <summary>
/// Which markets an environment captures (<c>symbols</c>): a market is selected when it matches any
/// <see cref="Include"/> entry and no <see cref="Exclude"/> entry.
/// </summary>
public sealed record SymbolsDefinition
{
    /// <summary>The entries that select markets (at least one).</summary>
    public required IReadOnlyList<SymbolFilter> Include { get; init; }

    /// <summary>The entries that remove markets again (may be empty).</summary>
    public required IReadOnlyList<SymbolFilter> Exclude { get; init; }

    /// <summary>Whether the market is captured.</summary>
    /// <param name="ticker">The market ticker, e.g. <c>KXGOLD15M-26AUG050000-00</c>.</param>
    /// <param name="seriesTicker">The market's series, e.g. <c>KXGOLD15M</c>, or <see langword="null"/> when unknown.</param>
    /// <param name="category">The series' category, e.g. <c>Economics</c>, or <see langword="null"/> when unknown.</param>
    public bool Selects(string ticker, string? seriesTicker, string? category)
    {
        ArgumentException.ThrowIfNullOrEmpty(ticker);
        return Include.Any(f => f.Matches(ticker, seriesTicker, category))
            && !Exclude.Any(f => f.Matches(ticker, seriesTicker, category));
    }
}
