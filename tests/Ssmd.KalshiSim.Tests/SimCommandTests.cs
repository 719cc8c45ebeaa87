using Ssmd.Kalshi.Messages;

namespace Ssmd.KalshiSim.Tests;

public sealed class SimCommandTests
{
    [Theory(Timeout = 60_000)]
    [InlineData("not json", 1)]
    [InlineData("""{"id":1,"cmd":"subscribe"}""", 2)]
    [InlineData("""{"id":1,"cmd":"subscribe","params":{}}""", 3)]
    [InlineData("""{"id":1,"cmd":"unsubscribe","params":{}}""", 4)]
    [InlineData("""{"id":1,"cmd":"dance","params":{}}""", 5)]
    [InlineData("""{"id":1,"cmd":"unsubscribe","params":{"sids":[99]}}""", 7)]
    [InlineData("""{"id":1,"cmd":"subscribe","params":{"channels":["ticker_v2"]}}""", 8)]
    [InlineData("""{"id":1,"cmd":"update_subscription","params":{"action":"add_markets","sids":[1,2],"market_tickers":["A"]}}""", 12)]
    [InlineData("""{"id":1,"cmd":"update_subscription","params":{"action":"add_markets","sids":[99],"market_tickers":["A"]}}""", 7)]
    [InlineData("""{"id":1,"cmd":"subscribe","params":{"channels":["orderbook_delta"]}}""", 14)]
    [InlineData("""{"id":1,"cmd":"update_subscription","params":{"sids":[1]}}""", 15)]
    public async Task A_bad_command_gets_kalshis_error_code(string command, int code)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        using var client = await sim.ConnectAsync(ct: ct);
        await client.SendRawAsync(command, ct);
        var frame = await client.ReceiveAsync(ct);
        var error = Assert.IsType<KalshiError>(frame.Message);
        Assert.Equal(code, error.Code);
        Assert.Equal(KalshiErrorCodes.Text(code), error.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unsupported_action_gets_error_13()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        using var client = await sim.ConnectAsync(ct: ct);
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["trade"], null), ct);
        await client.ReceiveAsync(ct);
        await client.SendRawAsync("""{"id":2,"cmd":"update_subscription","params":{"action":"get_snapshot","sids":[1],"market_tickers":["A"]}}""", ct);
        Assert.Equal(13, Assert.IsType<KalshiError>((await client.ReceiveAsync(ct)).Message).Code);
        await client.SendRawAsync("""{"id":3,"cmd":"update_subscription","params":{"action":"fly","sids":[1],"market_tickers":["A"]}}""", ct);
        Assert.Equal(13, Assert.IsType<KalshiError>((await client.ReceiveAsync(ct)).Message).Code);
    }

    [Fact(Timeout = 60_000)]
    public async Task Subscribe_update_list_and_unsubscribe_reply_as_kalshi_does()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        var tickers = sim.Engine.Exchange.Markets.Where(m => m.IsTradable).Take(3).Select(m => m.Ticker).ToArray();
        using var client = await sim.ConnectAsync(ct: ct);

        // subscribe: subscribed (no seq), then one snapshot per market with seq 1, 2.
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["orderbook_delta"], tickers[..2], useYesPrice: false), ct);
        var subscribed = await client.ReceiveAsync(ct);
        Assert.Equal(KalshiMessageType.Subscribed, subscribed.Type);
        Assert.Null(subscribed.Seq);
        Assert.Equal(new KalshiSubscribed("orderbook_delta", 1), subscribed.Message);
        var first = await client.ReceiveAsync(ct);
        var second = await client.ReceiveAsync(ct);
        Assert.Equal((KalshiMessageType.OrderbookSnapshot, 1L, 1L), (first.Type, first.Sid!.Value, first.Seq!.Value));
        Assert.Equal(2, second.Seq);

        // Subscribing again merges: ok (taking seq 3), a snapshot only for the new market.
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["orderbook_delta"], tickers, useYesPrice: false), ct);
        var ok = await client.ReceiveAsync(ct);
        Assert.Equal((KalshiMessageType.Ok, 3L), (ok.Type, ok.Seq!.Value));
        Assert.Equal(tickers, Assert.IsType<KalshiOk>(ok.Message).MarketTickers);
        var added = Assert.IsType<KalshiOrderbookSnapshot>((await client.ReceiveAsync(ct)).Message);
        Assert.Equal(tickers[2], added.MarketTicker);

        // get_snapshot echoes the command id and changes nothing.
        var snapId = await client.SendAsync((b, id) => KalshiCommandWriter.WriteUpdateSubscription(b, id, 1, "get_snapshot", [tickers[0]]), ct);
        var requested = await client.ReceiveAsync(ct);
        Assert.Equal((KalshiMessageType.OrderbookSnapshot, snapId), (requested.Type, requested.Id!.Value));

        await client.SendAsync((b, id) => KalshiCommandWriter.WriteUpdateSubscription(b, id, 1, "delete_markets", [tickers[0]]), ct);
        var deleted = await client.ReceiveAsync(ct);
        Assert.Equal(tickers[1..], Assert.IsType<KalshiOk>(deleted.Message).MarketTickers);

        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["ticker"], null), ct);
        Assert.Equal(new KalshiSubscribed("ticker", 2), (await client.ReceiveAsync(ct)).Message);
        await client.SendAsync(KalshiCommandWriter.WriteListSubscriptions, ct);
        var list = Assert.IsType<KalshiOk>((await client.ReceiveAsync(ct)).Message);
        Assert.Equal([new KalshiSubscriptionInfo("orderbook_delta", 1), new KalshiSubscriptionInfo("ticker", 2)], list.Subscriptions);

        var unsubId = await client.SendAsync((b, id) => KalshiCommandWriter.WriteUnsubscribe(b, id, [1]), ct);
        var unsubscribed = await client.ReceiveAsync(ct);
        Assert.Equal((KalshiMessageType.Unsubscribed, unsubId, 1L), (unsubscribed.Type, unsubscribed.Id!.Value, unsubscribed.Sid!.Value));
        Assert.True(unsubscribed.Seq > deleted.Seq);

        // After unsubscribe + subscribe the new sid's sequence starts at 1 again.
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["orderbook_delta"], [tickers[0]], useYesPrice: false), ct);
        Assert.Equal(new KalshiSubscribed("orderbook_delta", 3), (await client.ReceiveAsync(ct)).Message);
        Assert.Equal(1, (await client.ReceiveAsync(ct)).Seq);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unknown_ticker_gets_an_empty_snapshot_with_an_empty_market_id()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        using var client = await sim.ConnectAsync(ct: ct);
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["orderbook_delta"], ["KXNOPE-1"], useYesPrice: false), ct);
        await client.ReceiveAsync(ct);
        var snapshot = Assert.IsType<KalshiOrderbookSnapshot>((await client.ReceiveAsync(ct)).Message);
        Assert.Equal(("KXNOPE-1", ""), (snapshot.MarketTicker, snapshot.MarketId));
        Assert.Empty(snapshot.Yes);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_ticker_subscription_with_send_initial_snapshot_gets_one_ticker_per_market_without_seq()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        var tickers = sim.Engine.Exchange.Markets.Where(m => m.IsTradable).Take(2).Select(m => m.Ticker).ToArray();
        using var client = await sim.ConnectAsync(ct: ct);
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["ticker"], tickers, sendInitialSnapshot: true), ct);
        await client.ReceiveAsync(ct);
        foreach (var expected in tickers)
        {
            var frame = await client.ReceiveAsync(ct);
            Assert.Null(frame.Seq);
            Assert.Equal(expected, Assert.IsType<KalshiTicker>(frame.Message).MarketTicker);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task With_skip_ticker_ack_an_ok_leaves_out_the_market_list()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        var tickers = sim.Engine.Exchange.Markets.Where(m => m.IsTradable).Take(2).Select(m => m.Ticker).ToArray();
        using var client = await sim.ConnectAsync(ct: ct);
        await client.SendRawAsync($$$"""{"id":1,"cmd":"subscribe","params":{"channels":["ticker"],"market_tickers":["{{{tickers[0]}}}"],"skip_ticker_ack":true}}""", ct);
        await client.ReceiveAsync(ct);
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteUpdateSubscription(b, id, 1, "add_markets", [tickers[1]]), ct);
        var ok = await client.ReceiveAsync(ct);
        Assert.Equal(KalshiMessageType.Ok, ok.Type);
        Assert.Null(Assert.IsType<KalshiOk>(ok.Message).MarketTickers);
    }
}
