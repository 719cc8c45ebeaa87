using YamlDotNet.RepresentationModel;

namespace Ssmd.Environments.Internal;

internal sealed partial class EnvironmentReader
{
    private SymbolsDefinition? ReadSymbols(MappingReader root)
    {
        if (Section(root, "symbols", "which markets to capture, e.g. include: [{ series: [KXGOLD15M] }]") is not { } map)
        {
            return null;
        }

        var before = context.Count;
        IReadOnlyList<SymbolFilter>? include = null;
        if (map.Required("include", "at least one entry such as '- series: [KXGOLD15M]'") is { } includeNode)
        {
            include = ReadFilters(includeNode, "symbols.include");
            if (include is { Count: 0 })
            {
                context.Report(includeNode, Rules.Required,
                    "symbols.include needs at least one entry: a market is captured only when an include entry matches it");
            }
        }

        var exclude = map.Optional("exclude") is { } excludeNode ? ReadFilters(excludeNode, "symbols.exclude") : [];
        map.ReportUnknownKeys();

        if (context.Count > before || include is null || exclude is null)
        {
            return null;
        }

        return new SymbolsDefinition { Include = include, Exclude = exclude };
    }

    private SymbolFilter[]? ReadFilters(YamlNode node, string path)
    {
        if (Values.List(context, node, path) is not { } items)
        {
            return null;
        }

        var filters = new List<SymbolFilter>();
        for (var i = 0; i < items.Count; i++)
        {
            if (ReadFilter(items[i], $"{path}[{i}]") is { } filter)
            {
                filters.Add(filter);
            }
        }

        return filters.Count == items.Count ? [.. filters] : null;
    }

    /// <summary>One entry: any of categories, series, tickers; the market must be in each list given.</summary>
    private SymbolFilter? ReadFilter(YamlNode node, string path)
    {
        if (Values.Mapping(context, node, path) is not { } mapping)
        {
            return null;
        }

        var map = new MappingReader(context, mapping, path, node.Start);
        var before = context.Count;
        var categories = ReadNames(map, "categories", allowSpaces: true);
        var series = ReadNames(map, "series", allowSpaces: false);
        var tickers = ReadNames(map, "tickers", allowSpaces: false);
        map.ReportUnknownKeys();

        if (context.Count > before || categories is null || series is null || tickers is null)
        {
            return null;
        }

        if (categories.Length + series.Length + tickers.Length == 0)
        {
            // An entry without a constraint would match every market on the exchange.
            context.Report(node, Rules.Required, $"{path} needs at least one of categories, series or tickers with a value");
            return null;
        }

        return new SymbolFilter { Categories = categories, Series = series, Tickers = tickers };
    }

    private string[]? ReadNames(MappingReader map, string key, bool allowSpaces)
    {
        var path = map.PathOf(key);
        if (map.Optional(key) is not { } node)
        {
            return [];
        }

        if (Values.List(context, node, path) is not { } items)
        {
            return null;
        }

        var names = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            if (Values.Text(context, items[i], $"{path}[{i}]") is not { } name)
            {
                continue;
            }

            if (name.Trim().Length == 0 || name.Trim() != name || (!allowSpaces && name.Any(char.IsWhiteSpace)))
            {
                var rule = allowSpaces ? "must not be blank or start or end with a space" : "must not be blank or contain spaces";
                context.Report(items[i], Rules.Format, $"{path}[{i}] {rule}, got {Values.Quote(name)}");
                continue;
            }

            names.Add(name);
        }

        return names.Count == items.Count ? [.. names] : null;
    }
}
