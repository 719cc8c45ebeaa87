using System.Text;
using System.Text.Json;
using NATS.Client.JetStream;
using Ssmd.Capnp;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Normalized;
using Ssmd.Testing;

namespace Ssmd.Connector.Tests;

/// <summary>The extremes of Kalshi's fixed-point grid, from the wire to the normalized stream, with no rounding anywhere.</summary>
public sealed class ExactDecimalTests
{
    [Fact(Timeout = 180_000)]
    public async Task Prices_of_4_decimals_and_sizes_of_2_decimals_survive_exactly_into_the_raw_and_normalized_streams()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 60);
        using var folder = new TempDirectory();
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, ConnectorHost.WriteEnvironment(folder.Path));
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));

        // A market whose grid has 0.0001 steps at its edges (combo markets since 2026-08-27).
        var ticker = await OpenEdgeCentiCentMarketAsync(sim, ct);
        await MarketActionAsync(sim, ticker, "rest", "yes", "0.0001", "618700.14", ct); // YES bid 0.0001 × 618,700.14
        await MarketActionAsync(sim, ticker, "rest", "no", "0.0001", "0.01", ct);       // NO bid 0.0001 = YES ask 0.9999 × 0.01
        await MarketActionAsync(sim, ticker, "print", "yes", "0.9999", "618700.14", ct);  // a trade at 0.9999 × 618,700.14
        await connector.WaitReceivedAsync(sim, TimeSpan.FromSeconds(30));
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(30));

        await using var client = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(client);

        // Raw: the exchange's text, byte for byte.
        var raw = await JetStreamReader.ReadAllAsync(js, "KALSHI_RAW", "kalshi.raw.", ct);
        var texts = raw.Select(m => Encoding.UTF8.GetString(m.Data)).Where(t => t.Contains(ticker, StringComparison.Ordinal)).ToList();
        Assert.Contains(texts, t => t.Contains("\"orderbook_delta\"", StringComparison.Ordinal) && t.Contains("\"0.0001\"", StringComparison.Ordinal) && t.Contains("\"618700.14\"", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("\"trade\"", StringComparison.Ordinal) && t.Contains("\"0.9999\"", StringComparison.Ordinal) && t.Contains("\"618700.14\"", StringComparison.Ordinal));

        // Normalized: the book's levels and the trade in exact units (0.0001 $, 0.01 contract).
        var normalized = await JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.", ct);
        var problems = new List<string>();
        var books = JetStreamReader.FoldBooks(normalized, problems);
        Assert.Empty(problems);
        var truth = await sim.GroundTruthAsync();
        Assert.True(truth[ticker].SameAs(books[ticker]), $"ssmd {books[ticker]} vs exchange {truth[ticker]}");
        Assert.Equal(61_870_014, books[ticker].Bids[1]);
        Assert.Equal(1, books[ticker].Asks[9_999]);

        var reader = new MessageReader();
        var trades = normalized.Where(m => m.Subject.StartsWith("kalshi.trade.", StringComparison.Ordinal)).Select(m =>
        {
            reader.Load(m.Data);
            var trade = Trade.ReadRoot(reader);
            return (Ticker: trade.Ticker.ToString(), trade.Price, trade.Size, trade.TakerSide);
        }).Where(t => t.Ticker == ticker).ToList();
        Assert.Contains((ticker, 9_999L, 61_870_014L, Side.Yes), trades);
    }

    private static async Task<string> OpenEdgeCentiCentMarketAsync(SimHost sim, CancellationToken ct)
    {
        var page = JsonDocument.Parse(await sim.Http.GetStringAsync("/trade-api/v2/markets?limit=1000&status=open", ct)).RootElement;
        foreach (var market in page.GetProperty("markets").EnumerateArray())
        {
            if (market.TryGetProperty("price_level_structure", out var structure) && structure.GetString() == "center_deci_edge_centi_cent")
                return market.GetProperty("ticker").GetString()!;
        }

        throw new InvalidOperationException("the simulator has no open market with 0.0001 price steps");
    }

    private static async Task MarketActionAsync(SimHost sim, string ticker, string action, string side, string price, string size, CancellationToken ct)
    {
        using var response = await sim.Http.PostAsync($"/admin/markets/{ticker}/{action}?side={side}&price={price}&size={size}", null, ct);
        Assert.True(response.IsSuccessStatusCode, $"{action} {side} {price} × {size} on {ticker}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }
}
