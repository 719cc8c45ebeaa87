using System.Text.Json;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Gateway.Tests.Infrastructure;
using Ssmd.Testing;

namespace Ssmd.Gateway.Tests;

/// <summary>The gateway's read of the normalized stream, against a real nats-server.</summary>
public sealed class FeedTests
{
    [Fact(Timeout = 180_000)]
    public async Task A_stream_replayed_far_faster_than_the_gateway_applies_it_is_taken_whole_without_a_message_dropped_by_the_client()
    {
        var ct = TestContext.Current.CancellationToken;
        const int Trades = 150_000;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        using var folder = new TempDirectory();
        var environment = ConnectorHost.WriteEnvironment(folder.Path);
        await using var connection = await nats.CreateConnectionAsync(ct);
        var publisher = await NormalizedPublisher.CreateAsync(connection, environment, ct);

        // A day's stream already there when the gateway starts (a restart mid-day): it replays it from the
        // first message as fast as JetStream delivers, much faster than it applies.
        var last = await publisher.BurstOfTradesAsync(Trades, tickers: 500, ct);
        await using var gateway = await GatewayHost.StartAsync(nats.Url, environment);
        await gateway.WaitCaughtUpAsync(last, TimeSpan.FromSeconds(150));

        Assert.Equal(Trades, gateway.Stats.FeedMessages);
        Assert.Equal(0, gateway.Stats.FeedDropped);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_stream_deleted_and_created_again_is_read_from_its_first_message_and_its_book_replaces_the_old_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamRig.StartAsync(ct);
        var p = rig.Publisher;
        await p.SnapshotAsync("KXRE-1", [(5000, 10_000)], []);
        for (var i = 0; i < 5; i++)
            await p.DeltaAsync("KXRE-1", bid: true, 5000, 100, 10_100 + (i * 100));
        await rig.SettledAsync(await p.TradeAsync("KXRE-1", "t-old", 5000, 100));
        using var http = new HttpClient { BaseAddress = rig.Gateway.Http.BaseAddress };
        http.DefaultRequestHeaders.Add("X-API-Key", GatewayHost.ApiKey);
        Assert.Equal("[[0.5,105]]", (await BookAsync(http, ct)).GetProperty("bids").GetRawText());
        using var socket = await rig.Gateway.ConnectAsync("symbols=KXRE-1");

        // The new stream's sequences start at 1 again: fewer messages than the old one had, and a subject whose '%'
        // escape ssmd never writes (once, that stopped the gateway, and it stopped again at each restart).
        await p.RecreateStreamAsync(ct);
        await p.PublishRawAsync("kalshi.trade.KXRE%ZZ", [1, 2, 3], ct);
        await p.SnapshotAsync("KXRE-1", [(4000, 700)], []);
        await p.TradeAsync("KXRE-1", "t-new", 4000, 100);
        await p.DeltaAsync("KXRE-1", bid: true, 4000, 100, 800);

        // Until the new snapshot is read the book is not known (503); then it is the new stream's.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? bids;
        while ((bids = await BidsAsync(http, ct)) != "[[0.4,8]]" && DateTime.UtcNow < deadline)
            await Task.Delay(200, ct);
        Assert.Equal("[[0.4,8]]", bids);
        Assert.Equal(1, rig.Gateway.Stats.FeedGaps);
        Assert.True(rig.Gateway.Feed.CaughtUp);
        var trades = await GetAsync(http, "/v1/markets/KXRE-1/trades", ct);
        Assert.Equal(["t-new", "t-old"], trades.GetProperty("trades").EnumerateArray().Select(t => t.GetProperty("tradeId").GetString()));

        // The subscriber was told its book could no longer be trusted before the new stream's snapshot replaced it.
        var seen = new List<JsonElement>();
        var buffer = new byte[1 << 16];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        while (seen.Count == 0 || !IsSnapshot(seen[^1], "[[0.4,7]]"))
        {
            var length = 0;
            System.Net.WebSockets.ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
                length += result.Count;
            }
            while (!result.EndOfMessage);
            seen.Add(JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone());
        }

        var lost = seen.FindIndex(e => e.GetProperty("type").GetString() == "status" && e.GetProperty("event").GetString() == "dataLoss" && e.GetProperty("lost").GetString() == "book");
        Assert.True(lost > 0, string.Join("\n", seen));
        Assert.True(IsSnapshot(seen[0], "[[0.5,105]]"), seen[0].ToString());
    }

    private static bool IsSnapshot(JsonElement e, string bids) =>
        e.GetProperty("type").GetString() == "orderbook" && e.GetProperty("snapshot").GetBoolean() && e.GetProperty("bids").GetRawText() == bids;

    private static Task<JsonElement> BookAsync(HttpClient http, CancellationToken ct) => GetAsync(http, "/v1/markets/KXRE-1/orderbook", ct);

    /// <summary>The book's bids, or null while the gateway says it does not know the book (503).</summary>
    private static async Task<string?> BidsAsync(HttpClient http, CancellationToken ct)
    {
        using var response = await http.GetAsync("/v1/markets/KXRE-1/orderbook", ct);
        if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
            return null;
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("bids").GetRawText();
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
