namespace Ssmd.Environments;

/// <summary>
/// One entry of <c>symbols.include</c> or <c>symbols.exclude</c>. It matches a market when the market
/// is in every list the entry gives (an empty list does not constrain). Comparison ignores case.
/// </summary>
public sealed record SymbolFilter
{
    /// <summary>Series categories, e.g. <c>Economics</c>, <c>Climate and Weather</c>.</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>Series tickers, e.g. <c>KXGOLD15M</c>.</summary>
    public required IReadOnlyList<string> Series { get; init; }

    /// <summary>Market tickers, e.g. <c>KXGOLD15M-26AUG050000-00</c>.</summary>
    public required IReadOnlyList<string> Tickers { get; init; }

    /// <summary>Whether the market matches this entry.</summary>
    /// <param name="ticker">The market ticker.</param>
    /// <param name="seriesTicker">The market's series, or <see langword="null"/> when unknown (then a series list does not match).</param>
    /// <param name="category">The series' category, or <see langword="null"/> when unknown (then a category list does not match).</param>
    public bool Matches(string ticker, string? seriesTicker, string? category) =>
        Allows(Categories, category) && Allows(Series, seriesTicker) && Allows(Tickers, ticker);

    private static bool Allows(IReadOnlyList<string> list, string? value) =>
        list.Count == 0 || (value is not null && list.Contains(value, StringComparer.OrdinalIgnoreCase));
}
