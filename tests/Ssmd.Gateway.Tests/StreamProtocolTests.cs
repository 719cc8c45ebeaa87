using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Gateway.Tests.Infrastructure;

namespace Ssmd.Gateway.Tests;

/// <summary>The WebSocket protocol against a real nats-server and hand-made normalized messages.</summary>
public sealed class StreamProtocolTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact(Timeout = 60_000)]
    public async Task A_subscriber_gets_the_book_at_once_then_exact_updates_trades_and_a_resync_snapshot_in_sequence()
    {
        await using var rig = await StreamRig.StartAsync(TestContext.Current.CancellationToken);
        var p = rig.Publisher;
        await p.SnapshotAsync("KXA-1", [(4400, 10000), (4300, 550)], [(4575, 1250)]);
        var last = await p.DeltaAsync("KXA-1", bid: true, 4400, -2500, 7500);
        await rig.SettledAsync(last);

        await using var client = await RecordingClient.ConnectAsync(rig.Gateway, "symbols=KXA-1");
        var subscribed = await client.WaitControlAsync(e => e.GetProperty("type").GetString() == "subscribed", Wait);
        Assert.Equal("KXA-1", subscribed.GetProperty("symbols")[0].GetString());
        var record = client.Tickers()["KXA-1"];
        Assert.Equal(1, record.Snapshots);
        Assert.Equal(2, record.Seq); // the snapshot covers both events so far
        Assert.Equal("bids [4400x7500 4300x550] asks [4575x1250]", record.Book.ToString());

        await p.DeltaAsync("KXA-1", bid: false, 4600, 1, 1);
        await p.TradeAsync("KXA-1", "t-1", 4575, 1250);
        // A connector resync: a fresh snapshot replaces the book.
        last = await p.SnapshotAsync("KXA-1", [(4401, 3)], []);
        await rig.SettledAsync(last);
        await ConnectorHost.Until(() => client.SeqOf("KXA-1") == 5, Wait, "three more events");
        record = client.Tickers()["KXA-1"];
        Assert.Empty(record.Problems);
        Assert.Equal(["t-1"], record.Trades);
        Assert.Equal(2, record.Snapshots);
        Assert.Equal("bids [4401x3] asks []", record.Book.ToString());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_book_the_stream_never_showed_whole_is_not_served_until_its_snapshot_arrives()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamRig.StartAsync(ct);
        var p = rig.Publisher;
        // The stream starts after the market's last snapshot (trimmed by maxBytes, or read before the book was
        // subscribed): a trade and a change to one level say nothing about the rest of the book.
        await p.TradeAsync("KXU-1", "t-0", 4500, 100);
        var last = await p.DeltaAsync("KXU-1", bid: true, 4400, 300, 800);
        await rig.SettledAsync(last);

        using (var unknown = await GetOrderbookAsync(rig, "KXU-1", ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        }

        await using var client = await RecordingClient.ConnectAsync(rig.Gateway, "symbols=KXU-1");
        var subscribed = await client.WaitControlAsync(e => e.GetProperty("type").GetString() == "subscribed", Wait);
        Assert.Equal(["KXU-1"], subscribed.GetProperty("pending").EnumerateArray().Select(s => s.GetString()));

        // Other events flow meanwhile; the first snapshot goes to the subscriber, then its changes.
        await p.TradeAsync("KXU-1", "t-1", 4500, 100);
        await p.SnapshotAsync("KXU-1", [(4400, 1000), (4300, 50)], [(4600, 5)]);
        last = await p.DeltaAsync("KXU-1", bid: false, 4600, 10, 15);
        await rig.SettledAsync(last);
        await ConnectorHost.Until(() => client.SeqOf("KXU-1") == 4, Wait, "the trade, the snapshot and its update");
        var record = client.Tickers()["KXU-1"];
        Assert.Empty(record.Problems);
        Assert.Equal(["t-1"], record.Trades);
        Assert.Equal(1, record.Snapshots);
        Assert.Equal("bids [4400x1000 4300x50] asks [4600x15]", record.Book.ToString());
        Assert.Equal(1, rig.Gateway.Stats.BookDeltasWithoutSnapshot);
        using var known = await GetOrderbookAsync(rig, "KXU-1", ct);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        var book = JsonDocument.Parse(await known.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal("[[0.44,10],[0.43,0.5]]", book.GetProperty("bids").GetRawText());
        Assert.Equal(4, book.GetProperty("seq").GetInt64());

        // A subscriber that comes now gets the book at once, with nothing pending.
        await using var later = await RecordingClient.ConnectAsync(rig.Gateway, "symbols=KXU-1");
        var answer = await later.WaitControlAsync(e => e.GetProperty("type").GetString() == "subscribed", Wait);
        Assert.False(answer.TryGetProperty("pending", out _));
        Assert.Equal("bids [4400x1000 4300x50] asks [4600x15]", later.Tickers()["KXU-1"].Book.ToString());
    }

    [Fact(Timeout = 60_000)]
    public async Task After_the_connector_lost_book_changes_of_a_market_its_book_is_not_served_until_the_fresh_snapshot_but_other_losses_leave_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamRig.StartAsync(ct);
        var p = rig.Publisher;
        var last = await p.SnapshotAsync("KXL-1", [(4400, 1000)], [(4600, 500)]);
        await rig.SettledAsync(last);
        using var early = await rig.Gateway.ConnectAsync("symbols=KXL-1");
        await ReceiveTextAsync(early); // the snapshot
        await ReceiveTextAsync(early); // subscribed

        // Lost trades (the firehose connection): the book was not touched and is still served.
        last = await p.StatusAsync("KXL-1", Normalized.Status.Active, Normalized.LifecycleEvent.DataLoss, Normalized.DataLossMarkers.Feed);
        await rig.SettledAsync(last);
        Assert.EndsWith("\"event\":\"dataLoss\",\"lost\":\"feed\"}", await ReceiveTextAsync(early));
        using (var whole = await GetOrderbookAsync(rig, "KXL-1", ct))
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);

        // Lost book changes: not served until the snapshot the connector asks for.
        last = await p.StatusAsync("KXL-1", Normalized.Status.Active, Normalized.LifecycleEvent.DataLoss, Normalized.DataLossMarkers.Book);
        await rig.SettledAsync(last);
        Assert.EndsWith("\"event\":\"dataLoss\",\"lost\":\"book\"}", await ReceiveTextAsync(early));
        using (var lost = await GetOrderbookAsync(rig, "KXL-1", ct))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
        await using var client = await RecordingClient.ConnectAsync(rig.Gateway, "symbols=KXL-1");
        var subscribed = await client.WaitControlAsync(e => e.GetProperty("type").GetString() == "subscribed", Wait);
        Assert.Equal(["KXL-1"], subscribed.GetProperty("pending").EnumerateArray().Select(s => s.GetString()));

        last = await p.SnapshotAsync("KXL-1", [(4500, 300)], []);
        await rig.SettledAsync(last);
        await ConnectorHost.Until(() => client.SeqOf("KXL-1") == 4, Wait, "the fresh snapshot");
        Assert.Equal("bids [4500x300] asks []", client.Tickers()["KXL-1"].Book.ToString());
        using var fresh = await GetOrderbookAsync(rig, "KXL-1", ct);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_gateway_started_before_the_stream_exists_is_ready_and_serves_the_stream_once_the_connector_creates_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new Ssmd.Testing.NatsServerFixture();
        await nats.StartAsync(ct);
        using var folder = new TempDirectory();
        var environment = ConnectorHost.WriteEnvironment(folder.Path);
        await using var gateway = await GatewayHost.StartAsync(nats.Url, environment);
        await ConnectorHost.Until(() => gateway.Feed.CaughtUp, Wait, "ready with no stream");

        await using var connection = await nats.CreateConnectionAsync(ct);
        var publisher = await NormalizedPublisher.CreateAsync(connection, environment, ct);
        var last = await publisher.SnapshotAsync("KXE-1", [(5000, 100)], []);
        await gateway.WaitCaughtUpAsync(last, Wait);
        await using var client = await RecordingClient.ConnectAsync(gateway, "symbols=KXE-1");
        await client.WaitControlAsync(e => e.GetProperty("type").GetString() == "subscribed", Wait);
        Assert.Equal("bids [5000x100] asks []", client.Tickers()["KXE-1"].Book.ToString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Events_carry_exact_decimals_the_exchange_time_and_the_sequence()
    {
        await using var rig = await StreamRig.StartAsync(TestContext.Current.CancellationToken);
        var p = rig.Publisher;
        var last = await p.SnapshotAsync("KXB.2", [(1, 1)], [(9999, 123456789)]);
        await rig.SettledAsync(last);
        using var socket = await rig.Gateway.ConnectAsync("symbols=KXB.2");
        Assert.Equal("""{"type":"orderbook","ticker":"KXB.2","seq":1,""", (await ReceiveTextAsync(socket))[..45]);
        Assert.EndsWith(""","snapshot":true,"bids":[[0.0001,0.01]],"asks":[[0.9999,1234567.89]]}""", LastSnapshot(rig));
        await ReceiveTextAsync(socket); // subscribed
        await p.TradeAsync("KXB.2", "t-9", 4575, 1250, Normalized.Side.No);
        Assert.Equal("""{"type":"trade","ticker":"KXB.2","seq":2,"ts":1764000000123.456789,"price":0.4575,"size":12.5,"side":"sell","tradeId":"t-9"}""", await ReceiveTextAsync(socket));
    }

    [Fact(Timeout = 90_000)]
    public async Task Bad_input_gets_its_documented_answer_and_the_gateway_keeps_serving()
    {
        await using var rig = await StreamRig.StartAsync(TestContext.Current.CancellationToken, new() { ["Gateway:MaxSymbolsPerClient"] = "1000" });
        var p = rig.Publisher;
        var last = await p.SnapshotAsync("KXC-1", [(5000, 100)], []);
        await rig.SettledAsync(last);
        await using var bystander = await RecordingClient.ConnectAsync(rig.Gateway, "symbols=KXC-1");
        await bystander.WaitControlAsync(e => e.GetProperty("type").GetString() == "subscribed", Wait);

        await using var client = await RecordingClient.ConnectAsync(rig.Gateway);
        async Task Expect(string message, string code)
        {
            await client.SendAsync(message);
            var error = await client.WaitControlAsync(e => e.GetProperty("type").GetString() == "error", Wait);
            Assert.Equal(code, error.GetProperty("code").GetString());
        }

        await Expect("{not json", "malformed_json");
        await Expect("[1,2]", "malformed_json");
        await Expect("""{"action":"subscribe","symbols":["KXC-1"]} trailing""", "malformed_json");
        await Expect("""{"action":"dance","symbols":["KXC-1"]}""", "unknown_action");
        await Expect("""{"symbols":["KXC-1"]}""", "unknown_action");
        await Expect("""{"action":"subscribe","symbols":"KXC-1"}""", "invalid_symbols");
        await Expect("""{"action":"subscribe","symbols":[42]}""", "invalid_symbols");
        await Expect("""{"action":"subscribe"}""", "invalid_symbols");
        await Expect(JsonSerializer.Serialize(new { action = "subscribe", symbols = Enumerable.Range(0, 100_000).Select(i => $"KX-{i}") }), "too_many_symbols");
        await Expect("{\"action\":\"subscribe\",\"symbols\":[\"" + new string('x', 10 * 1024 * 1024) + "\"]}", "message_too_large");
        await client.SendAsync("""{"action":"subscribe","symbols":["KXC-1","NOPE-1"],"id":3}""");
        var unknown = await client.WaitControlAsync(e => e.GetProperty("type").GetString() == "error", Wait);
        Assert.Equal("unknown_symbol", unknown.GetProperty("code").GetString());
        Assert.Equal("NOPE-1", unknown.GetProperty("symbols")[0].GetString());
        var ok = await client.WaitControlAsync(e => e.GetProperty("type").GetString() == "subscribed", Wait);
        Assert.Equal(3, ok.GetProperty("id").GetInt64());
        Assert.Equal(["KXC-1"], ok.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()));

        // Nothing above closed the connection, and every client is still served.
        last = await p.TradeAsync("KXC-1", "t-after", 5000, 100);
        await rig.SettledAsync(last);
        await ConnectorHost.Until(() => client.Tickers()["KXC-1"].Trades.Count == 1 && bystander.Tickers()["KXC-1"].Trades.Count == 1, Wait, "the trade at both clients");
        Assert.True(rig.Gateway.Stats.ClientErrors >= 11);
    }

    [Fact(Timeout = 60_000)]
    public async Task Missing_and_invalid_keys_are_refused_with_401_on_the_stream_and_a_key_in_the_query_is_accepted()
    {
        await using var rig = await StreamRig.StartAsync(TestContext.Current.CancellationToken);
        foreach (var key in new string?[] { null, "wrong-key", GatewayHost.ApiKey.ToUpperInvariant() })
        {
            var refused = await Assert.ThrowsAsync<WebSocketException>(() => rig.Gateway.ConnectAsync(key: key));
            Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        }

        using var viaQuery = await rig.Gateway.ConnectAsync(inQuery: true);
        Assert.Equal(WebSocketState.Open, viaQuery.State);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, viaQuery.HttpStatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_flooding_client_is_disconnected_with_close_code_1008_and_others_stay()
    {
        await using var rig = await StreamRig.StartAsync(TestContext.Current.CancellationToken, new() { ["Gateway:MaxMessagesPerSecond"] = "20", ["Gateway:FloodMessagesPerSecond"] = "100" });
        await using var bystander = await RecordingClient.ConnectAsync(rig.Gateway);
        using var flooder = await rig.Gateway.ConnectAsync();
        var message = Encoding.UTF8.GetBytes("""{"action":"unsubscribe","symbols":["X"]}""");
        var ct = TestContext.Current.CancellationToken;
        try
        {
            for (var i = 0; i < 1000; i++)
                await flooder.SendAsync(message, WebSocketMessageType.Text, true, ct);
        }
        catch (WebSocketException)
        {
            // Closed under us: expected.
        }

        var buffer = new byte[64 * 1024];
        var rateLimited = false;
        while (flooder.State == WebSocketState.Open)
        {
            var result = await flooder.ReceiveAsync(buffer, ct);
            rateLimited |= result.MessageType == WebSocketMessageType.Text && Encoding.UTF8.GetString(buffer, 0, result.Count).Contains("rate_limited", StringComparison.Ordinal);
        }

        // The rate-limit error is queued before the close; on a busy machine the close can overtake it on the
        // wire, so the server's count is what proves it was answered.
        Assert.True(rateLimited || rig.Gateway.Stats.ClientErrors > 0, "the flood was answered with a rate-limit error before the disconnect");
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, flooder.CloseStatus);
        // The server counts the disconnect after its close frame is sent, so the client can see the close first.
        await ConnectorHost.Until(() => rig.Gateway.Stats.Disconnects(DisconnectReason.Flood) == 1, Wait, () => $"one flood disconnect counted, {rig.Gateway.Stats.Disconnects(DisconnectReason.Flood)} so far");
        await bystander.SendAsync("""{"action":"subscribe","symbols":[],"id":1}""");
        await bystander.WaitControlAsync(e => e.GetProperty("type").GetString() == "subscribed", Wait);
    }

    [Fact(Timeout = 60_000)]
    public async Task No_more_than_MaxClients_are_served_even_when_they_connect_at_once_and_a_place_is_free_again_after_a_close()
    {
        await using var rig = await StreamRig.StartAsync(TestContext.Current.CancellationToken, new() { ["Gateway:MaxClients"] = "2" });
        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                return await rig.Gateway.ConnectAsync();
            }
            catch (WebSocketException)
            {
                return null; // 503
            }
        }));
        var served = attempts.OfType<ClientWebSocket>().ToList();

        Assert.Equal(2, served.Count);
        foreach (var socket in served)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", TestContext.Current.CancellationToken);
            socket.Dispose();
        }

        // The places are given back when the clients go.
        ClientWebSocket? again = null;
        for (var i = 0; i < 100 && again is null; i++)
        {
            try
            {
                again = await rig.Gateway.ConnectAsync();
            }
            catch (WebSocketException)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }

        Assert.NotNull(again);
        again.Dispose();
    }

    [Fact(Timeout = 120_000)]
    public async Task A_client_that_churns_subscriptions_without_reading_is_refused_then_disconnected_and_its_queue_stays_bounded()
    {
        const int capacity = 64, reserve = 16, maxSymbols = 20;
        await using var rig = await StreamRig.StartAsync(TestContext.Current.CancellationToken, new()
        {
            ["Gateway:ClientQueueCapacity"] = $"{capacity}",
            ["Gateway:ClientQueueReserve"] = $"{reserve}",
            ["Gateway:MaxSymbolsPerClient"] = $"{maxSymbols}",
            ["Gateway:SlowClientTimeout"] = "01:00:00", // only the command rule can end this client
            ["Gateway:MaxMessagesPerSecond"] = "1000",
            ["Gateway:FloodMessagesPerSecond"] = "5000",
        });
        var ct = TestContext.Current.CancellationToken;
        string[] tickers = [.. Enumerable.Range(0, maxSymbols).Select(i => $"KXC-{i}")];
        ulong last = 0;
        foreach (var ticker in tickers)
            last = await rig.Publisher.SnapshotAsync(ticker, [.. Enumerable.Range(0, 300).Select(l => (1000L + (l * 10), 100L))], [(9000, 100)]);
        await rig.SettledAsync(last);
        await using var bystander = await RecordingClient.ConnectAsync(rig.Gateway);
        var clients = rig.Gateway.Services.GetRequiredService<Streaming.ClientRegistry>();

        // Subscribe to everything, unsubscribe, again and again, never reading: each round would queue
        // 20 fresh snapshots of 300 levels.
        using var churner = await rig.Gateway.ConnectAsync(receiveBuffer: 2048);
        var subscribe = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { action = "subscribe", symbols = tickers }));
        var unsubscribe = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { action = "unsubscribe", symbols = tickers }));
        // The deepest queue, watched from beside the gateway while the commands go in.
        var deepest = 0;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                deepest = Math.Max(deepest, clients.MaxQueueDepth());
                await Task.Yield();
            }
        }, ct);
        try
        {
            for (var round = 0; round < 2_000 && churner.State == WebSocketState.Open; round++)
            {
                await churner.SendAsync(subscribe, WebSocketMessageType.Text, true, ct);
                await churner.SendAsync(unsubscribe, WebSocketMessageType.Text, true, ct);
            }
        }
        catch (WebSocketException)
        {
            // Closed under us: expected.
        }

        var until = DateTime.UtcNow + Wait;
        while (rig.Gateway.Stats.Disconnects(DisconnectReason.SlowConsumer) == 0 && DateTime.UtcNow < until)
            await Task.Delay(50, ct);
        await watching.CancelAsync();
        await watcher;
        Assert.Equal(1, rig.Gateway.Stats.Disconnects(DisconnectReason.SlowConsumer));
        // The queue filled (subscribes were refused) and stayed bounded: past capacity + reserve no subscribe
        // is served, and the answers to the commands after that stop the client.
        Assert.True(rig.Gateway.Stats.ClientErrors > 0, "subscribes past the limit were answered queue_full");
        Assert.True(deepest <= capacity + reserve + (3 * maxSymbols) + 2, $"the churner's queue reached {deepest} events");
        await bystander.SendAsync("""{"action":"subscribe","symbols":["KXC-0"],"id":1}""");
        await bystander.WaitControlAsync(e => e.GetProperty("type").GetString() == "subscribed", Wait);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_reader_that_falls_behind_gets_its_book_coalesced_and_a_gap_event_for_trades_held_back_then_catches_up_exactly()
    {
        await using var rig = await StreamRig.StartAsync(TestContext.Current.CancellationToken, new()
        {
            ["Gateway:ClientQueueCapacity"] = "64",
            ["Gateway:ClientQueueReserve"] = "16",
            ["Gateway:SlowClientTimeout"] = "00:01:00",
        });
        var p = rig.Publisher;
        var last = await p.SnapshotAsync("KXD-1", [(5000, 100)], [(6000, 100)]);
        await rig.SettledAsync(last);

        // A client that stops reading with a tiny socket buffer: the gateway's queue for it fills.
        using var socket = await rig.Gateway.ConnectAsync("symbols=KXD-1", receiveBuffer: 2048);
        // Whole books of 300 levels among the deltas: megabytes, more than the sockets between them buffer.
        var trades = new List<string>();
        for (var i = 0; i < 4000; i++)
        {
            if (i % 4 == 0)
                await p.SnapshotAsync("KXD-1", [.. Enumerable.Range(0, 300).Select(l => (1000L + (l * 10), 100L + i))], [(6000, 100 + i)]);
            else
                await p.DeltaAsync("KXD-1", bid: true, 1000 + (i % 300 * 10), 1, 101 + i - (i % 4));
            if (i % 3 == 0)
            {
                trades.Add($"t-{i}");
                last = await p.TradeAsync("KXD-1", $"t-{i}", 5000, 1);
            }

            if (i % 50 == 0)
                await p.TickerAsync("KXD-1", volume: i);
        }

        // The market's last ticker comes while the client is still behind: it must not be lost with the skipped ones.
        last = await p.TickerAsync("KXD-1", volume: 777);
        await rig.SettledAsync(last);
        Assert.True(rig.Gateway.Stats.Coalesced("orderbook") > 0, "book updates were coalesced");
        Assert.True(rig.Gateway.Stats.Dropped("trade") > 0, "trades were held back");

        // Now it reads: a gap event names the trades it missed, the latest ticker and a snapshot restore the
        // market, and what it did get is in order with nothing twice.
        var events = new List<JsonElement>();
        var gapTrades = 0;
        var finalSeq = rig.Gateway.Markets.TryGet("KXD-1", out var market) ? market.Seq : -1;
        var caughtUp = false;
        var buffer = new byte[1 << 20];
        while (!caughtUp)
        {
            var text = await ReceiveTextAsync(socket, buffer);
            var e = JsonDocument.Parse(text).RootElement.Clone();
            events.Add(e);
            if (e.GetProperty("type").GetString() == "gap")
                gapTrades += e.GetProperty("trades").GetInt32();
            caughtUp = e.GetProperty("type").GetString() == "orderbook" && e.GetProperty("snapshot").GetBoolean() && e.GetProperty("seq").GetInt64() == finalSeq;
        }

        var received = events.Where(e => e.GetProperty("type").GetString() == "trade").Select(e => e.GetProperty("tradeId").GetString()!).ToList();
        Assert.Equal(received.Distinct().Count(), received.Count);
        Assert.Equal(trades.Where(received.Contains).ToList(), received); // in order
        Assert.Equal(trades.Count, received.Count + gapTrades); // every trade is delivered or announced
        Assert.Equal(rig.Gateway.Stats.Dropped("trade"), gapTrades);
        var lastSnapshot = events.Last(e => e.GetProperty("type").GetString() == "orderbook" && e.GetProperty("snapshot").GetBoolean());
        string expected;
        lock (market!.Gate)
            expected = Encoding.UTF8.GetString(Protocol.EventJson.Snapshot(market.Book, "KXD-1", market.Seq, market.BookTime));
        Assert.Equal(JsonDocument.Parse(expected).RootElement.GetProperty("bids").GetRawText(), lastSnapshot.GetProperty("bids").GetRawText());
        Assert.True(rig.Gateway.Stats.Coalesced("ticker") > 0, "ticker updates were skipped");
        var lastTicker = events.Last(e => e.GetProperty("type").GetString() == "ticker");
        Assert.Equal(("7.77", finalSeq), (lastTicker.GetProperty("volume").GetRawText(), lastTicker.GetProperty("seq").GetInt64()));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_stopping_gateway_sends_what_it_had_queued_then_closes_with_1001()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamRig.StartAsync(ct);
        var p = rig.Publisher;
        await rig.SettledAsync(await p.SnapshotAsync("KXQ-1", [(5000, 100)], []));
        using var socket = await rig.Gateway.ConnectAsync("symbols=KXQ-1");
        ulong last = 0;
        for (var i = 0; i < 200; i++)
            last = await p.TradeAsync("KXQ-1", $"q-{i}", 5000, 1);
        await rig.SettledAsync(last);

        // The stop (the daily teardown's drain step, a rolling update) while the client has read nothing yet.
        rig.Gateway.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var trades = new List<string>();
        var buffer = new byte[1 << 16];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Wait);
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
                length += result.Count;
            }
            while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Close)
                break;
            var e = JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement;
            if (e.GetProperty("type").GetString() == "trade")
                trades.Add(e.GetProperty("tradeId").GetString()!);
        }

        Assert.Equal((WebSocketCloseStatus.EndpointUnavailable, "gateway stopping"), (socket.CloseStatus, socket.CloseStatusDescription));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"q-{i}"), trades);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", ct);
    }

    private static async Task<HttpResponseMessage> GetOrderbookAsync(StreamRig rig, string ticker, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/markets/{ticker}/orderbook");
        request.Headers.Add("X-API-Key", GatewayHost.ApiKey);
        return await rig.Gateway.Http.SendAsync(request, ct);
    }

    private static string LastSnapshot(StreamRig rig)
    {
        rig.Gateway.Markets.TryGet("KXB.2", out var market);
        lock (market!.Gate)
            return Encoding.UTF8.GetString(Protocol.EventJson.Snapshot(market.Book, market.Ticker, market.Seq, market.BookTime));
    }

    private static async Task<string> ReceiveTextAsync(WebSocket socket, byte[]? buffer = null)
    {
        buffer ??= new byte[1 << 20];
        var length = 0;
        ValueWebSocketReceiveResult result;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Wait);
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
