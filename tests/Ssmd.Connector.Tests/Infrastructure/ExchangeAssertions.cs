using NATS.Client.JetStream;
using Ssmd.Capnp;
using Ssmd.Normalized;

namespace Ssmd.Connector.Tests.Infrastructure;

/// <summary>What a user checks after a run: ssmd's books and trades against the exchange's own.</summary>
internal static class ExchangeAssertions
{
    // Books folded from the normalized stream equal the exchange's (after a resubscribe the fresh snapshots
    // may still be arriving, so this polls), and every trade the exchange made is there exactly once.
    public static async Task BooksAndTradesEqualTheExchangeAsync(SimHost sim, INatsJSContext js, ConnectorHost connector, long tradesBefore, CancellationToken ct)
    {
        var truth = await sim.GroundTruthAsync();
        List<string> differences = [];
        List<string> problems = [];
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await connector.WaitPublishedAsync(TimeSpan.FromSeconds(30));
            var normalized = await JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.orderbook.", ct);
            problems = [];
            var books = JetStreamReader.FoldBooks(normalized, problems);
            differences = [.. books.Where(b => !truth[b.Key].SameAs(b.Value)).Select(b => $"{b.Key}: ssmd {b.Value} vs exchange {truth[b.Key]}")];
            if (books.Count != connector.Service.SubscribedMarkets)
                differences.Add($"{books.Count} books for {connector.Service.SubscribedMarkets} markets");
            if (differences.Count == 0)
                break;
            await Task.Delay(500, ct);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Empty(differences);
        Assert.True(problems.Count == 0, "The normalized stream does not fold:\n" + string.Join("\n", problems.Take(20)));

        // Every trade the exchange made during the run (live, or backfilled from REST after a gap or a
        // reconnect) is in the normalized stream exactly once.
        var made = await TradeCountAsync(sim, ct) - tradesBefore;
        Assert.True(made > 1000, $"{made} trades made");
        var expected = await RecentTradeIdsAsync(sim, made, ct);
        List<string> ids = [];
        await ConnectorHost.Until(() =>
        {
            var trades = JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.trade.", ct).GetAwaiter().GetResult();
            var reader = new MessageReader();
            ids = [.. trades.Select(m =>
            {
                reader.Load(m.Data);
                return Trade.ReadRoot(reader).TradeId.ToString();
            })];
            return expected.IsSubsetOf(ids);
        }, TimeSpan.FromSeconds(30), () => $"every trade made during the run in the normalized stream (backfills finish): {expected.Except(ids).Count()} of {expected.Count} missing, e.g. {string.Join(", ", expected.Except(ids).Take(5))}");
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }


    // The newest `count` trades of the exchange, from its REST API (newest first, cursor paged).
    private static async Task<HashSet<string>> RecentTradeIdsAsync(SimHost sim, long count, CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var cursor = "";
        while (ids.Count < count)
        {
            var page = System.Text.Json.JsonDocument.Parse(await sim.Http.GetStringAsync($"/trade-api/v2/markets/trades?limit=1000&cursor={Uri.EscapeDataString(cursor)}", ct)).RootElement;
            foreach (var trade in page.GetProperty("trades").EnumerateArray())
            {
                if (ids.Count < count)
                    ids.Add(trade.GetProperty("trade_id").GetString()!);
            }

            cursor = page.GetProperty("cursor").GetString() ?? "";
            if (cursor.Length == 0)
                break;
        }

        return ids;
    }

    public static async Task<long> TradeCountAsync(SimHost sim, CancellationToken ct)
    {
        var truth = System.Text.Json.JsonDocument.Parse(await sim.Http.GetStringAsync("/admin/ground-truth", ct)).RootElement;
        return truth.GetProperty("trade_count").GetInt64();
    }
}
