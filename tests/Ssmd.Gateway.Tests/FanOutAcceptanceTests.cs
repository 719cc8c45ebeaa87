using System.Globalization;
using System.Text;
using NATS.Client.JetStream;
using Ssmd.Capnp;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Gateway.Tests.Infrastructure;
using Ssmd.Normalized;
using Ssmd.Streams;
using Ssmd.Testing;

namespace Ssmd.Gateway.Tests;

/// <summary>
/// The issue's acceptance over the real upstream: the Kalshi simulator, the connector, a real nats-server,
/// and the gateway on Kestrel with 200 WebSocket clients for the issue's 60 s of trading: <see cref="PhaseSeconds"/> s
/// without and as long with a never-reading client (about 1,000 order-flow events/s); the test takes about
/// 80 s of the project's run on two shared cores.
/// </summary>
public sealed class FanOutAcceptanceTests
{
    private const int Clients = 200;
    private const int PhaseSeconds = 30;
    private const int EventsPerSecond = 1000;

    [Fact(Timeout = 420_000)]
    public async Task Two_hundred_clients_rebuild_the_exchange_books_and_get_every_trade_once_in_order_and_a_never_reading_client_changes_neither()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 200);
        using var folder = new TempDirectory();
        var environment = ConnectorHost.WriteEnvironment(folder.Path);
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, environment);
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));
        await using var natsClient = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(natsClient);

        await using var gateway = await GatewayHost.StartAsync(nats.Url, environment, settings: new()
        {
            ["Gateway:ClientQueueCapacity"] = "1024",
            ["Gateway:ClientQueueReserve"] = "256",
            ["Gateway:SlowClientTimeout"] = "00:00:03",
        });
        await gateway.WaitCaughtUpAsync((await js.GetStreamAsync("KALSHI_NORMALIZED", cancellationToken: ct)).Info.State.LastSeq, TimeSpan.FromSeconds(60));
        var tickers = connector.Service.SubscribedMarkets;
        await ConnectorHost.Until(() => gateway.Markets.Count >= tickers, TimeSpan.FromSeconds(30), "a book for every market the connector follows");
        List<string> markets = [.. (await sim.GroundTruthAsync()).Keys.Where(t => gateway.Markets.TryGet(t, out _)).Order(StringComparer.Ordinal)];
        Assert.True(markets.Count > 100, $"{markets.Count} markets carried");

        // 200 clients, each on 3 to 15 random markets before trading starts.
        var random = new Random(7);
        var clients = new List<RecordingClient>();
        var initial = new List<HashSet<string>>();
        var later = new List<HashSet<string>>();
        try
        {
            for (var c = 0; c < Clients; c++)
            {
                var client = await RecordingClient.ConnectAsync(gateway);
                clients.Add(client);
                var symbols = random.GetItems(markets.ToArray(), random.Next(3, 16)).ToHashSet(StringComparer.Ordinal);
                await client.SubscribeAsync(symbols, 1);
                initial.Add(symbols);
                later.Add([]);
            }

            var tradesBefore = await TradeCountAsync(sim);
            await sim.SetLoadAsync(paused: false, eventsPerSecond: EventsPerSecond);

            // Phase A: without the slow client; halfway, a quarter of the clients subscribe to more markets mid-stream.
            var startA = Environment.TickCount64;
            await Task.Delay(TimeSpan.FromSeconds(PhaseSeconds / 2.0), ct);
            for (var c = 0; c < Clients / 4; c++)
            {
                var more = random.GetItems(markets.ToArray(), 3).Where(t => !initial[c].Contains(t)).ToHashSet(StringComparer.Ordinal);
                await clients[c].SubscribeAsync(more, 2);
                later[c].UnionWith(more);
            }

            await Task.Delay(TimeSpan.FromSeconds(PhaseSeconds / 2.0), ct);
            var endA = Environment.TickCount64;
            var sentA = Sent(gateway);

            // Phase B: the same, with a client on every market that never reads a byte.
            using var slow = await gateway.ConnectAsync(receiveBuffer: 2048);
            await slow.SendAsync(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { action = "subscribe", symbols = markets })), System.Net.WebSockets.WebSocketMessageType.Text, true, ct);
            var startB = Environment.TickCount64;
            await Task.Delay(TimeSpan.FromSeconds(PhaseSeconds), ct);
            var endB = Environment.TickCount64;
            var sentB = Sent(gateway) - sentA;
            await sim.SetLoadAsync(paused: true);

            // The slow client is handled by the policy: coalesced, then disconnected.
            await ConnectorHost.Until(() => gateway.Stats.Disconnects(DisconnectReason.SlowConsumer) == 1, TimeSpan.FromSeconds(30), "the never-reading client disconnected as a slow consumer");
            Assert.True(gateway.Stats.Coalesced("orderbook") > 0, "its book updates were coalesced first");

            // Everything settles: the connector received and published all, the gateway applied all, every client read all.
            await connector.WaitReceivedAsync(sim, TimeSpan.FromSeconds(60));
            await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));
            var last = (await js.GetStreamAsync("KALSHI_NORMALIZED", cancellationToken: ct)).Info.State.LastSeq;
            await gateway.WaitCaughtUpAsync(last, TimeSpan.FromSeconds(60));
            await ConnectorHost.Until(() => Behind(gateway, clients, initial, later) == 0, TimeSpan.FromSeconds(60), () => $"{Behind(gateway, clients, initial, later)} client subscriptions still behind the gateway");

            // Books: every client's, rebuilt from its events, equals the exchange's.
            var truth = await sim.GroundTruthAsync();
            var trades = await TradesByTickerAsync(js, ct);
            Assert.Equal(await TradeCountAsync(sim) - tradesBefore, trades.Values.Sum(t => t.Count));
            Assert.True(trades.Values.Sum(t => t.Count) > 1000, $"{trades.Values.Sum(t => t.Count)} trades");
            var checkedBooks = 0;
            var checkedTrades = 0L;
            for (var c = 0; c < Clients; c++)
            {
                var records = clients[c].Tickers();
                foreach (var ticker in initial[c].Concat(later[c]))
                {
                    var record = records[ticker];
                    Assert.True(record.Problems.Count == 0, $"client {c} {ticker}: {string.Join("; ", record.Problems.Take(5))}");
                    Assert.True(truth[ticker].SameAs(record.Book), $"client {c} {ticker}: client {record.Book} vs exchange {truth[ticker]}");
                    checkedBooks++;
                    var expected = trades.GetValueOrDefault(ticker) ?? [];
                    if (initial[c].Contains(ticker))
                    {
                        Assert.Equal(expected, record.Trades);
                    }
                    else
                    {
                        // Subscribed mid-stream: exactly the trades after its snapshot, none missing up to the end.
                        Assert.Equal(expected.Skip(expected.Count - record.Trades.Count), record.Trades);
                    }

                    checkedTrades += record.Trades.Count;
                }
            }

            var a = gateway.Latencies(startA, endA);
            var b = gateway.Latencies(startB, endB);
            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{checkedBooks} client books equal the exchange; {checkedTrades} trades delivered once, in order. Connector receive -> sent: " +
                $"without the slow client p50 {P(a, 0.5)} ms p99 {P(a, 0.99)} ms p99.9 {P(a, 0.999)} ms ({a.Length} sends, {sentA} events); " +
                $"with it p50 {P(b, 0.5)} ms p99 {P(b, 0.99)} ms p99.9 {P(b, 0.999)} ms ({b.Length} sends, {sentB} events); " +
                $"coalesced {gateway.Stats.Coalesced("orderbook") + gateway.Stats.Coalesced("ticker")}, {gateway.Stats.Dropped("trade")} trades held back from the never-reading client (counted; it was disconnected before it could read a gap event)"));
            Assert.True(a.Length > 1000 && b.Length > 1000, $"{a.Length} and {b.Length} latency samples");
            // The same machine, the same load: the slow client must not move the others' latency by more than
            // noise. The median is compared closely. The tail is at the mercy of whatever else the 2 cores run
            // (CI runs test projects side by side: 400 ms against 57 ms was seen with no fault), so it is held to
            // a bound that still catches the failure this guards against: a fan-out that waits on the stuck
            // client stalls everyone for seconds, up to its 10 s send timeout.
            Assert.True(P(b, 0.5) <= (3 * P(a, 0.5)) + 25, $"p50 {P(b, 0.5)} ms with the slow client vs {P(a, 0.5)} ms without");
            Assert.True(P(b, 0.99) <= Math.Max((3 * P(a, 0.99)) + 25, 1_000), $"p99 {P(b, 0.99)} ms with the slow client vs {P(a, 0.99)} ms without");
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    private static long Sent(GatewayHost gateway) => gateway.Stats.Sent("trade") + gateway.Stats.Sent("orderbook") + gateway.Stats.Sent("ticker") + gateway.Stats.Sent("status");

    private static int Behind(GatewayHost gateway, List<RecordingClient> clients, List<HashSet<string>> initial, List<HashSet<string>> later)
    {
        var behind = 0;
        for (var c = 0; c < clients.Count; c++)
        {
            foreach (var ticker in initial[c].Concat(later[c]))
            {
                gateway.Markets.TryGet(ticker, out var market);
                long seq;
                lock (market!.Gate)
                    seq = market.Seq;
                if (clients[c].SeqOf(ticker) != seq)
                    behind++;
            }
        }

        return behind;
    }

    // Trade ids per ticker in stream order: what the exchange traded, as the connector stored it (once each).
    private static async Task<Dictionary<string, List<string>>> TradesByTickerAsync(INatsJSContext js, CancellationToken ct)
    {
        var trades = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var reader = new MessageReader();
        foreach (var message in await JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.trade.", ct))
        {
            SsmdSubjects.TryParseNormalized(message.Subject, out _, out _, out var ticker);
            reader.Load(message.Data);
            if (!trades.TryGetValue(ticker, out var list))
                trades[ticker] = list = [];
            list.Add(Trade.ReadRoot(reader).TradeId.ToString());
        }

        return trades;
    }

    private static async Task<long> TradeCountAsync(SimHost sim)
    {
        var truth = System.Text.Json.JsonDocument.Parse(await sim.Http.GetStringAsync("/admin/ground-truth", TestContext.Current.CancellationToken)).RootElement;
        return truth.GetProperty("trade_count").GetInt64();
    }

    private static double P(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1000, 3);
}
