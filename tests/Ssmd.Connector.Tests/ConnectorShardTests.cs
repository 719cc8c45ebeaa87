using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.JetStream;
using Ssmd.Connector.Feed;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Testing;

namespace Ssmd.Connector.Tests;

/// <summary>Orderbook shards as markets settle and new ones are created, against the simulator.</summary>
public sealed class ConnectorShardTests
{
    [Fact(Timeout = 240_000)]
    public async Task Markets_added_to_a_shard_left_empty_by_settlement_and_a_reconnect_get_their_books()
    {
        var ct = TestContext.Current.CancellationToken;
        const int perShard = 4;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 40);
        using var folder = new TempDirectory();
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, ConnectorHost.WriteEnvironment(folder.Path, marketsPerSubscription: perShard));
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        var context = connector.Services.GetRequiredService<FeedContext>();

        // Shards are the discovered markets in ticker order, perShard each: settle every market of a full
        // shard (one the admin API can close), so it is the first with room when new markets come.
        var captured = context.CapturedMarkets().Order(StringComparer.Ordinal).ToArray();
        var status = JsonDocument.Parse(await sim.Http.GetStringAsync("/admin/ground-truth", ct)).RootElement.GetProperty("markets").EnumerateArray()
            .ToDictionary(m => m.GetProperty("ticker").GetString()!, m => m.GetProperty("status").GetString());
        var emptied = captured.Chunk(perShard).SkipLast(1).First(shard => shard.All(t => status[t] == "active"));
        foreach (var ticker in emptied)
        {
            await sim.MarketActionAsync(ticker, "close");
            await sim.MarketActionAsync(ticker, "determine");
            await sim.MarketActionAsync(ticker, "settle");
        }

        await ConnectorHost.Until(() => connector.Service.SubscribedMarkets == captured.Length - perShard, TimeSpan.FromSeconds(30), "the settled shard emptied");

        // The empty shard reconnects with no market to subscribe.
        var reconnects = connector.Stats.Reconnects;
        await sim.DropConnectionsAsync();
        await ConnectorHost.Until(() => connector.Stats.Reconnects >= reconnects + connector.Service.ExpectedConnections, TimeSpan.FromSeconds(30), "every connection replaced");
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));

        // New markets: created on the exchange, found by the connector, placed on the empty shard.
        await sim.SetLoadAsync(paused: true, markets: await sim.MarketCountAsync() + 3);
        await ConnectorHost.Until(() => connector.Service.SubscribedMarkets == captured.Length - perShard + 3, TimeSpan.FromSeconds(30), "the new markets placed");
        var added = context.CapturedMarkets().Except(captured).ToArray();
        Assert.Equal(3, added.Length);

        var sent = sim.FramesSent;
        await sim.SetLoadAsync(paused: false);
        await ConnectorHost.Until(() => sim.FramesSent >= sent + 20_000, TimeSpan.FromSeconds(120), "20,000 frames sent");
        await sim.SetLoadAsync(paused: true);
        await connector.WaitReceivedAsync(sim, TimeSpan.FromSeconds(60));
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));

        // Every market the connector holds, the new ones included, has the exchange's book.
        await using var client = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(client);
        var problems = new List<string>();
        var books = JetStreamReader.FoldBooks(await JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.orderbook.", ct), problems);
        Assert.Empty(problems);
        var truth = await sim.GroundTruthAsync();
        Assert.Equal([], added.Where(t => !books.ContainsKey(t)));
        Assert.Equal([], context.CapturedMarkets().Where(t => !books.TryGetValue(t, out var book) || !truth[t].SameAs(book))
            .Select(t => $"{t}: ssmd {books.GetValueOrDefault(t)} vs exchange {truth[t]}"));
    }

    [Fact(Timeout = 180_000)]
    public async Task A_market_created_while_the_connections_were_down_gets_its_book_subscription_when_they_come_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 12);
        using var folder = new TempDirectory();
        // No periodic sweep within the test, and reconnects slow enough for a market to be created meanwhile.
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, ConnectorHost.WriteEnvironment(folder.Path), new()
        {
            ["Connector:DiscoveryInterval"] = "01:00:00",
            ["Connector:ReconnectMinDelay"] = "00:00:03",
            ["Connector:ReconnectMaxDelay"] = "00:00:03",
        });
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        var context = connector.Services.GetRequiredService<FeedContext>();
        var captured = context.CapturedMarkets().ToHashSet(StringComparer.Ordinal);

        var reconnects = connector.Stats.Reconnects;
        await sim.DropConnectionsAsync();
        await sim.SetLoadAsync(paused: true, markets: await sim.MarketCountAsync() + 1);
        await ConnectorHost.Until(() => connector.Stats.Reconnects >= reconnects + connector.Service.ExpectedConnections, TimeSpan.FromSeconds(30), "every connection replaced");

        await ConnectorHost.Until(() => context.CapturedMarkets().Except(captured).Count() == 1, TimeSpan.FromSeconds(30),
            "the market created while the firehose was away subscribed");
    }
}
