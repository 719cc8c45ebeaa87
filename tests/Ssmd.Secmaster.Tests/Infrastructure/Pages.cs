using System.Text.Json;
using Ssmd.Secmaster.Internal;

namespace Ssmd.Secmaster.Tests.Infrastructure;

/// <summary>Builds parsed market pages from generated Kalshi-shaped objects.</summary>
internal static class Pages
{
    public static List<MarketRow> Rows(IEnumerable<Dictionary<string, object?>> markets, RejectionTally? tally = null)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?> { ["markets"] = markets.ToList(), ["cursor"] = "" });
        return [.. MarketPageParser.Parse(body, tally ?? new RejectionTally()).Rows];
    }

    public static List<MarketRow> Rows(int from, int count) => Rows(Enumerable.Range(from, count).Select(MarketGenerator.Market));
}
