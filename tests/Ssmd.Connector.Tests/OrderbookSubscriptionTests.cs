using System.Text.Json;
using Ssmd.Connector.Feed;
using Ssmd.Connector.Tests.Infrastructure;

namespace Ssmd.Connector.Tests;

/// <summary>
/// One orderbook connection against an exchange whose replies the test holds back: every market added to
/// the connection reaches the exchange, whatever state its subscription is in when it is added.
/// </summary>
public sealed class OrderbookSubscriptionTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stop = new();
    private ScriptedExchange _exchange = null!;
    private FeedHarness _harness = null!;

    private FeedContext Context => _harness.Context;

    public async ValueTask InitializeAsync()
    {
        _exchange = await ScriptedExchange.StartAsync();
        _harness = new FeedHarness(webSocketUrl: _exchange.WebSocketUri.ToString());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_market_added_while_the_subscribe_awaits_its_reply_is_added_once_the_sid_is_known()
    {
        var connection = new FeedConnection(Context, "book-1", ["orderbook_delta"], ["M-1"]);
        var run = connection.RunAsync(_stop.Token);
        var subscribe = await _exchange.NextCommandAsync(Wait);
        Assert.Equal("subscribe M-1", Describe(subscribe));

        // The orchestrator adds a market before the subscription's sid is known.
        await connection.AddMarketsAsync(["M-2"], TestContext.Current.CancellationToken);
        await _exchange.SendAsync($$$"""{"id":{{{subscribe.GetProperty("id")}}},"type":"subscribed","msg":{"channel":"orderbook_delta","sid":7}}""");

        var add = await _exchange.NextCommandAsync(Wait);
        Assert.Equal("add_markets M-2", Describe(add));
        Assert.Equal(7, add.GetProperty("params").GetProperty("sids")[0].GetInt64());
        await _exchange.SendAsync($$$"""{"id":{{{add.GetProperty("id")}}},"sid":7,"seq":1,"type":"ok","msg":{"market_tickers":["M-1","M-2"]}}""");
        Assert.Null(await _exchange.TryNextCommandAsync(TimeSpan.FromSeconds(1)));
        await StopAsync(run);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_market_added_to_a_connection_without_an_orderbook_subscription_subscribes_it()
    {
        // No market: connected, nothing to subscribe (as after every market of a shard settled and it reconnected).
        var connection = new FeedConnection(Context, "book-1", ["orderbook_delta"], []);
        var run = connection.RunAsync(_stop.Token);
        await ConnectorHost.Until(() => connection.IsConnected, Wait, "connected");
        Assert.Null(await _exchange.TryNextCommandAsync(TimeSpan.FromMilliseconds(500)));

        var adding = connection.AddMarketsAsync(["M-1", "M-2"], TestContext.Current.CancellationToken);
        var subscribe = await _exchange.NextCommandAsync(Wait);
        Assert.Equal("subscribe M-1,M-2", Describe(subscribe));
        Assert.False(subscribe.GetProperty("params").GetProperty("use_yes_price").GetBoolean());
        await _exchange.SendAsync($$$"""{"id":{{{subscribe.GetProperty("id")}}},"type":"subscribed","msg":{"channel":"orderbook_delta","sid":1}}""");
        await adding;

        // From then on, markets go to that subscription.
        var addingMore = connection.AddMarketsAsync(["M-3"], TestContext.Current.CancellationToken);
        var add = await _exchange.NextCommandAsync(Wait);
        Assert.Equal("add_markets M-3", Describe(add));
        Assert.Equal(1, add.GetProperty("params").GetProperty("sids")[0].GetInt64());
        await _exchange.SendAsync($$$"""{"id":{{{add.GetProperty("id")}}},"sid":1,"seq":1,"type":"ok","msg":{"market_tickers":["M-1","M-2","M-3"]}}""");
        await addingMore;
        await StopAsync(run);
    }

    // "{cmd or update_subscription's action} {markets, sorted}".
    private static string Describe(JsonElement command)
    {
        var parameters = command.GetProperty("params");
        var action = parameters.TryGetProperty("action", out var a) ? a.GetString() : command.GetProperty("cmd").GetString();
        return $"{action} {string.Join(",", parameters.GetProperty("market_tickers").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal))}";
    }

    private async Task StopAsync(Task run)
    {
        await _stop.CancelAsync();
        await run;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
        _harness.Dispose();
        await _exchange.DisposeAsync();
    }
}
