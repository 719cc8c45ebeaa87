using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ssmd.Kalshi;
using Ssmd.Kalshi.Messages;
using Ssmd.Kalshi.Rest;

namespace Ssmd.KalshiSim.Tests;

public sealed class SimAdminTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_market_driven_through_its_lifecycle_is_announced_to_clients_and_reported_by_ground_truth_and_rest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        var ticker = sim.Engine.Exchange.Markets.First(m => m.IsTradable && !m.Ticker.StartsWith("KXGOLD15M", StringComparison.Ordinal)).Ticker;
        using var client = await sim.ConnectAsync(ct: ct);
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["market_lifecycle_v2"], null), ct);
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["orderbook_delta"], [ticker], useYesPrice: false), ct);
        await client.ReceiveUntilAsync(f => f.Type == KalshiMessageType.OrderbookSnapshot, ct);

        async Task<KalshiFrame> ActAsync(string action, Func<KalshiFrame, bool> expect)
        {
            using var response = await sim.Http.PostAsync($"/admin/markets/{ticker}/{action}", null, ct);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            return await client.ReceiveUntilAsync(expect, ct);
        }

        var paused = await ActAsync("pause", f => f.Message is KalshiMarketLifecycle);
        Assert.Equal(new KalshiMarketLifecycle(ticker, "deactivated", IsDeactivated: true), paused.Message);
        Assert.NotNull(paused.Seq);
        var resumed = await ActAsync("resume", f => f.Message is KalshiMarketLifecycle);
        Assert.Equal(new KalshiMarketLifecycle(ticker, "activated", IsDeactivated: false), resumed.Message);
        var moved = await ActAsync("close-date?close_ts=1795600000", f => f.Message is KalshiMarketLifecycle);
        Assert.Equal(1795600000, ((KalshiMarketLifecycle)moved.Message!).CloseTs);

        // Close is implicit on the lifecycle channel; the order book gets an empty snapshot.
        var closed = await ActAsync("close", f => f.Type == KalshiMessageType.OrderbookSnapshot);
        Assert.Empty(((KalshiOrderbookSnapshot)closed.Message!).Yes);
        var determined = await ActAsync("determine?result=yes", f => f.Message is KalshiMarketLifecycle);
        Assert.Equal(("determined", "yes", KalshiPrice.One), (((KalshiMarketLifecycle)determined.Message!).EventType, ((KalshiMarketLifecycle)determined.Message).Result, ((KalshiMarketLifecycle)determined.Message).SettlementValue!.Value));
        var settled = await ActAsync("settle", f => f.Message is KalshiMarketLifecycle);
        Assert.Equal("settled", ((KalshiMarketLifecycle)settled.Message!).EventType);

        var truth = JsonDocument.Parse(await sim.Http.GetStringAsync($"/admin/ground-truth?tickers={ticker}", ct)).RootElement.GetProperty("markets")[0];
        Assert.Equal(("finalized", "yes", 0), (truth.GetProperty("status").GetString(), truth.GetProperty("result").GetString(), truth.GetProperty("yes").GetArrayLength()));
        var market = (await sim.Http.GetFromJsonAsync($"/trade-api/v2/markets/{ticker}", KalshiJsonContext.Default.KalshiMarketResponse, ct))!.Market;
        Assert.Equal(("finalized", KalshiPrice.Zero, KalshiPrice.One, KalshiPrice.One), (market.Status, market.YesBidDollars, market.YesAskDollars, market.SettlementValueDollars!.Value));

        using var wrong = await sim.Http.PostAsync($"/admin/markets/{ticker}/pause", null, ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Every_client_connection_can_be_dropped_at_once_and_clients_can_connect_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        using var first = await sim.ConnectAsync(ct: ct);
        using var second = await sim.ConnectAsync(ct: ct);
        foreach (var client in new[] { first, second })
        {
            // A reply proves the engine holds the connection.
            await client.SendAsync((b, id) => KalshiCommandWriter.WriteListSubscriptions(b, id), ct);
            await client.ReceiveAsync(ct);
        }

        using var response = await sim.Http.PostAsync("/admin/connections/drop", null, ct);
        response.EnsureSuccessStatusCode();
        Assert.Equal(2, JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("dropped").GetInt32());
        foreach (var client in new[] { first, second })
            await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => client.ReceiveRawAsync(ct));

        using var again = await sim.ConnectAsync(ct: ct);
        await again.SendAsync((b, id) => KalshiCommandWriter.WriteListSubscriptions(b, id), ct);
        Assert.Equal(KalshiMessageType.Ok, (await again.ReceiveAsync(ct)).Type);
    }

    [Fact(Timeout = 60_000)]
    public async Task Load_can_be_paused_and_resumed_at_run_time()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        (await sim.Http.PutAsJsonAsync("/admin/load", new { paused = false, eventsPerSecond = 5_000 }, ct)).EnsureSuccessStatusCode();
        var start = sim.Engine.Exchange.Steps;
        while (sim.Engine.Exchange.Steps < start + 500)
        {
            await Task.Delay(10, ct);
        }

        (await sim.Http.PutAsJsonAsync("/admin/load", new { paused = true }, ct)).EnsureSuccessStatusCode();
        var stopped = sim.Engine.Exchange.Steps;
        await Task.Delay(200, ct);
        Assert.Equal(stopped, sim.Engine.Exchange.Steps);
        var load = JsonDocument.Parse(await sim.Http.GetStringAsync("/admin/load", ct)).RootElement;
        Assert.True(load.GetProperty("paused").GetBoolean());
        Assert.Equal(5_000, load.GetProperty("eventsPerSecond").GetDouble());
    }

    [Fact(Timeout = 60_000)]
    public async Task Markets_added_at_run_time_are_announced_then_open_with_a_snapshot_before_any_delta()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        var before = sim.Engine.Exchange.Markets.Count;
        using var client = await sim.ConnectAsync(ct: ct);
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["market_lifecycle_v2"], null), ct);
        await client.ReceiveAsync(ct);
        (await sim.Http.PutAsJsonAsync("/admin/load", new { markets = before + 50 }, ct)).EnsureSuccessStatusCode();
        Assert.Equal(before + 50, sim.Engine.Exchange.Markets.Count);

        var created = new List<string>();
        var events = 0;
        while (created.Count < 50)
        {
            switch ((await client.ReceiveAsync(ct)).Message)
            {
                case KalshiEventLifecycle:
                    events++;
                    break;
                case KalshiMarketLifecycle { EventType: "created" } m:
                    created.Add(m.MarketTicker);
                    break;
            }
        }

        Assert.True(events >= 1);

        // A client that asks for a new market before it opens gets its snapshot first, then deltas.
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["orderbook_delta"], created, useYesPrice: false), ct);
        (await sim.Http.PutAsJsonAsync("/admin/load", new { paused = false, eventsPerSecond = 0 }, ct)).EnsureSuccessStatusCode();
        var snapshots = new HashSet<string>();
        var deltas = 0;
        while (deltas < 200)
        {
            var frame = await client.ReceiveAsync(ct);
            switch (frame.Message)
            {
                case KalshiOrderbookSnapshot s when s.MarketId != "":
                    snapshots.Add(s.MarketTicker);
                    break;
                case KalshiOrderbookDelta d:
                    Assert.Contains(d.MarketTicker, snapshots);
                    deltas++;
                    break;
            }
        }

        using var shrink = await sim.Http.PutAsJsonAsync("/admin/load", new { markets = 10 }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, shrink.StatusCode);
    }
}
