using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using NATS.Client.JetStream;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Gateway.Tests.Infrastructure;
using Ssmd.Testing;
using Ssmd.Testing.Tape;

namespace Ssmd.Gateway.Tests;

/// <summary>A real recorded tape through simulator replay → connector → JetStream → gateway, judged over REST and WebSocket by the reference fold.</summary>
public sealed class GatewayTapeTests
{
    private sealed record ReplayProgress(long Frames, bool Ended);

    [Fact(Timeout = 240_000)]
    public async Task The_gateway_serves_over_REST_and_WebSocket_the_books_and_trades_of_a_replayed_real_tape_exactly_as_the_reference_fold()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory();
        var tape = Path.Combine(folder.Path, "tape");
        var files = TapeFiles.CopyFirst(TapeFiles.Gold().Take(3), tape, 10_000);
        var expected = TapeFold.Fold(files);

        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        var environment = ConnectorHost.WriteEnvironment(folder.Path);
        await using var sim = await SimHost.StartAsync(markets: 10, new() { ["Replay:Path"] = tape, ["Replay:Speed"] = "0" });
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, environment);
        await using var gateway = await GatewayHost.StartAsync(nats.Url, environment);
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        await ConnectorHost.Until(() => connector.Service.SubscribedMarkets == expected.Markets.Count, TimeSpan.FromSeconds(60), "the tape's markets subscribed");

        // A WebSocket client of the gateway, there before the tape plays (once the gateway knows the markets from
        // the connector's first snapshots): it rebuilds the books from the events it receives.
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));
        await using (var client = await nats.CreateConnectionAsync(ct))
        {
            var info = await new NatsJSContext(client).GetStreamAsync("KALSHI_NORMALIZED", cancellationToken: ct);
            await gateway.WaitCaughtUpAsync(info.Info.State.LastSeq, TimeSpan.FromSeconds(60));
        }

        await using var stream = await RecordingClient.ConnectAsync(gateway, "symbols=" + string.Join(',', expected.Markets.Keys));
        await stream.WaitControlAsync(e => e.GetProperty("type").GetString() == "subscribed", TimeSpan.FromSeconds(30));

        await sim.SetLoadAsync(paused: false);
        await ConnectorHost.Until(
            () => sim.Http.GetFromJsonAsync<ReplayProgress>("/admin/replay", ct).GetAwaiter().GetResult() is { Ended: true },
            TimeSpan.FromSeconds(120), "the tape played to its end");
        await connector.WaitReceivedAsync(sim, TimeSpan.FromSeconds(60));
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));
        await using (var client = await nats.CreateConnectionAsync(ct))
        {
            var info = await new NatsJSContext(client).GetStreamAsync("KALSHI_NORMALIZED", cancellationToken: ct);
            await gateway.WaitCaughtUpAsync(info.Info.State.LastSeq, TimeSpan.FromSeconds(60));
        }

        // The client's books and trades, once it has everything the gateway sent.
        await ConnectorHost.Until(
            () => Settled(stream, expected),
            TimeSpan.FromSeconds(60),
            () => string.Join("; ", expected.Markets.Values.Select(m => stream.Tickers().TryGetValue(m.Ticker, out var r)
                ? $"{m.Ticker}: client {r.Book} ({r.Trades.Count} trades) vs tape {Reference(m)} ({m.Trades} trades)" : $"{m.Ticker}: nothing")));
        Assert.All(stream.Tickers().Values, r => Assert.Empty(r.Problems));

        using var http = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        http.DefaultRequestHeaders.Add("X-API-Key", GatewayHost.ApiKey);
        foreach (var market in expected.Markets.Values)
        {
            // The book in YES terms: bids are the YES bids (best first), asks 1 − the NO bids (best first).
            var book = await GetJsonAsync(http, $"/v1/markets/{market.Ticker}/orderbook");
            var bids = Levels(book.GetProperty("bids"));
            var asks = Levels(book.GetProperty("asks"));
            Assert.Equal(market.Yes.Reverse().Select(l => (l.Key, l.Value)), bids);
            Assert.Equal(market.No.Reverse().Select(l => (10_000 - l.Key, l.Value)), asks);

            // Trades: every one of them, newest first, paged.
            long count = 0, size = 0, notional = 0;
            string? before = null;
            do
            {
                var page = await GetJsonAsync(http, $"/v1/markets/{market.Ticker}/trades?limit=1000" + (before is null ? "" : "&before=" + before));
                foreach (var trade in page.GetProperty("trades").EnumerateArray())
                {
                    var price = Units(trade.GetProperty("price"), 10_000);
                    var units = Units(trade.GetProperty("size"), 100);
                    count++;
                    size += units;
                    notional += price * units;
                }

                before = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetInt64().ToString(CultureInfo.InvariantCulture);
            }
            while (before is not null);

            Assert.Equal((market.Trades, market.TradedSize, market.Notional), (count, size, notional));
        }
    }

    /// <summary>True once the client holds the fold's books and trade counts (its reader may still be writing: then not yet).</summary>
    private static bool Settled(RecordingClient stream, TapeFold expected)
    {
        try
        {
            return expected.Markets.Values.All(m => stream.Tickers().TryGetValue(m.Ticker, out var r) && r.Trades.Count == m.Trades && Reference(m).SameAs(r.Book));
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static FoldedBook Reference(TapeMarket market)
    {
        var reference = new FoldedBook();
        foreach (var (price, size) in market.Yes)
            reference.Bids[price] = size;
        foreach (var (price, size) in market.No)
            reference.Asks[10_000 - price] = size;
        return reference;
    }

    private static List<(long Price, long Size)> Levels(JsonElement levels) =>
        [.. levels.EnumerateArray().Select(l => (Units(l[0], 10_000), Units(l[1], 100)))];

    /// <summary>A JSON number as exact units (decimal parse of its text, never a double).</summary>
    private static long Units(JsonElement number, long scale)
    {
        var value = decimal.Parse(number.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture) * scale;
        Assert.Equal(decimal.Truncate(value), value);
        return (long)value;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
