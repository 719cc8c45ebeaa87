using System.Net.WebSockets;
using System.Text;
using Ssmd.Connector.Feed;
using Ssmd.Connector.Tests.Infrastructure;

namespace Ssmd.Connector.Tests;

/// <summary>
/// One connection's frame handling, frame by frame (no exchange, no NATS): what a frame the exchange should
/// never send does, and where the sequence check sees a gap.
/// </summary>
public sealed class FrameHandlingTests : IDisposable
{
    private readonly FeedHarness _harness = new();

    private FeedContext Context => _harness.Context;

    [Theory]
    [InlineData("trade", """{"type":"trade","sid":2,"seq":1,"msg":{"trade_id":"t-1","yes_price_dollars":"0.4400","count_fp":"1.00","ts_ms":1767225600000}}""")]
    [InlineData("ticker", """{"type":"ticker","sid":1,"msg":{"price_dollars":"0.5000"}}""")]
    [InlineData("market_lifecycle_v2", """{"type":"market_lifecycle_v2","sid":3,"seq":1,"msg":{"event_type":"created"}}""")]
    [InlineData("malformed", """{"type":"","sid":1,"msg":{}}""")]
    public void A_market_frame_without_its_ticker_or_a_frame_with_an_empty_type_is_kept_raw_and_counted_and_the_connection_goes_on(string label, string json)
    {
        var connection = new FeedConnection(Context, "firehose", ["ticker", "trade", "market_lifecycle_v2"], []);
        using var session = new FeedSession(new ClientWebSocket(), 1, 0);

        connection.OnFrame(session, Encoding.UTF8.GetBytes(json));
        connection.OnFrame(session, """{"type":"trade","sid":2,"seq":2,"msg":{"trade_id":"t-2","market_ticker":"M-1","yes_price_dollars":"0.4400","count_fp":"1.00","ts_ms":1767225600000}}"""u8);

        Assert.Equal(1, Context.Stats.NotNormalized[label == "malformed" ? "malformed_json" : "invalid_fields"]);
        // Both are on their way to the raw stream; only the good one has a normalized event.
        Assert.True(Context.Queue.TryRead(out var bad));
        Assert.True(Context.Queue.TryRead(out var good));
        Assert.Equal(($"kalshi.raw.{label}", 0), (bad.RawSubject, bad.Normalized.Count));
        Assert.Equal(("kalshi.raw.trade", 1), (good.RawSubject, good.Normalized.Count));
    }

    [Fact]
    public void A_sequence_jump_before_a_reply_is_a_gap_the_books_are_marked_lost_and_wait_for_a_snapshot_but_the_replys_own_number_is_not()
    {
        var connection = new FeedConnection(Context, "book-1", ["orderbook_delta"], ["M-1"]);
        using var session = new FeedSession(new ClientWebSocket(), 1, 0);
        connection.OnFrame(session, """{"id":1,"type":"subscribed","msg":{"channel":"orderbook_delta","sid":3}}"""u8);
        connection.OnFrame(session, """{"type":"orderbook_snapshot","sid":3,"seq":1,"msg":{"market_ticker":"M-1","yes_dollars_fp":[["0.4000","10.00"]]}}"""u8);
        // The ok of an add_markets takes the next number (CORRECTIONS.md A.1): no gap.
        connection.OnFrame(session, """{"id":5,"sid":3,"seq":2,"type":"ok","msg":{"market_tickers":["M-1","M-2"]}}"""u8);
        Assert.Equal(0, Context.Stats.Gaps["orderbook_delta"]);
        Assert.Empty(session.AwaitingSnapshot);

        // Seq 3 (a delta) is lost; the next ok carries 4.
        connection.OnFrame(session, """{"id":6,"sid":3,"seq":4,"type":"ok","msg":{"market_tickers":["M-1","M-2"]}}"""u8);

        Assert.Equal(1, Context.Stats.Gaps["orderbook_delta"]);
        Assert.Contains("M-1", session.AwaitingSnapshot);

        // Which book lost the change is unknown: every book of the connection is marked, ahead of the frame that showed it.
        var loss = Assert.Single(QueuedLosses());
        Assert.Equal(("kalshi.status.M-1", "ssmd_data_loss_book"), (loss.Subject, loss.Marker));
        Assert.EndsWith(":gap:0", loss.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void A_status_event_carries_the_status_the_scheduled_open_and_close_have_brought_and_an_early_close_closes()
    {
        var connection = new FeedConnection(Context, "firehose", ["ticker", "trade", "market_lifecycle_v2"], []);
        using var session = new FeedSession(new ClientWebSocket(), 1, 0);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        // REST saw both unopened; no lifecycle event announces a scheduled open.
        Context.Directory.Remember("M-OPEN", Normalized.Status.Initialized, now - 60, now + 3600);
        Context.Directory.Remember("M-EARLY", Normalized.Status.Initialized, now - 60, now + 3600);
        Context.Directory.Remember("M-LATER", Normalized.Status.Initialized, now + 600, now + 3600);

        connection.OnFrame(session, """{"type":"market_lifecycle_v2","sid":3,"seq":1,"msg":{"market_ticker":"M-OPEN","event_type":"metadata_updated"}}"""u8);
        connection.OnFrame(session, """{"type":"market_lifecycle_v2","sid":3,"seq":2,"msg":{"market_ticker":"M-LATER","event_type":"metadata_updated"}}"""u8);
        connection.OnFrame(session, Encoding.UTF8.GetBytes($$$"""{"type":"market_lifecycle_v2","sid":3,"seq":3,"msg":{"market_ticker":"M-EARLY","event_type":"close_date_updated","close_ts":{{{now - 5}}}}}"""));
        connection.OnFrame(session, """{"type":"market_lifecycle_v2","sid":3,"seq":4,"msg":{"market_ticker":"M-EARLY","event_type":"metadata_updated"}}"""u8);

        Assert.Equal(
            [Normalized.Status.Active, Normalized.Status.Initialized, Normalized.Status.Closed, Normalized.Status.Closed],
            Enumerable.Range(0, 4).Select(_ =>
            {
                Assert.True(Context.Queue.TryRead(out var frame));
                var reader = new Capnp.MessageReader();
                reader.Load(frame.Normalized[0].Payload);
                return Normalized.MarketStatus.ReadRoot(reader).Status;
            }));
    }

    [Fact(Timeout = 120_000)]
    public async Task The_snapshot_refresh_asks_only_for_books_the_subscription_holds_and_drops_the_books_of_removed_markets()
    {
        using var harness = new FeedHarness(settings: new() { ["Connector:SnapshotRefreshInterval"] = "00:00:01" });
        var connection = new FeedConnection(harness.Context, "book-1", ["orderbook_delta"], ["M-1", "M-2"]);
        using var session = new FeedSession(new ClientWebSocket(), 1, harness.Context.Time.GetTimestamp());
        connection.OnFrame(session, """{"id":1,"type":"subscribed","msg":{"channel":"orderbook_delta","sid":3}}"""u8);
        connection.OnFrame(session, """{"type":"orderbook_snapshot","sid":3,"seq":1,"msg":{"market_ticker":"M-1","yes_dollars_fp":[["0.4000","10.00"]]}}"""u8);
        connection.OnFrame(session, """{"type":"orderbook_snapshot","sid":3,"seq":2,"msg":{"market_ticker":"M-2","yes_dollars_fp":[["0.3000","5.00"]]}}"""u8);

        // M-3 is being added (its add_markets unanswered: maybe not in the subscription yet) and M-2 settled.
        await connection.AddMarketsAsync(["M-3"], TestContext.Current.CancellationToken);
        await connection.RemoveMarketsAsync(["M-2"], TestContext.Current.CancellationToken);
        Assert.Empty(session.SnapshotCommands);

        await Task.Delay(TimeSpan.FromMilliseconds(1_100), TestContext.Current.CancellationToken);
        connection.OnFrame(session, """{"type":"orderbook_delta","sid":3,"seq":3,"msg":{"market_ticker":"M-1","price_dollars":"0.4000","delta_fp":"1.00","side":"yes"}}"""u8);

        Assert.Single(session.SnapshotCommands);
        Assert.Equal(["M-1"], session.AwaitingSnapshot);
        Assert.Equal(["M-1"], session.Books.Keys);
    }

    [Fact(Timeout = 120_000)]
    public async Task Trades_lost_to_a_full_buffer_before_any_trade_was_queued_are_backfilled_from_the_first_lost_one()
    {
        // Kalshi's REST stands in as a listener that records what the backfill asks for.
        using var rest = new System.Net.HttpListener();
        var port = FreePort();
        rest.Prefixes.Add($"http://127.0.0.1:{port}/");
        rest.Start();
        var asked = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            var request = await rest.GetContextAsync();
            asked.TrySetResult(request.Request.Url!.Query);
            request.Response.ContentType = "application/json";
            await request.Response.OutputStream.WriteAsync("""{"trades":[],"cursor":""}"""u8.ToArray(), TestContext.Current.CancellationToken);
            request.Response.Close();
        }, TestContext.Current.CancellationToken);
        using var harness = new FeedHarness(restUrl: $"http://127.0.0.1:{port}/trade-api/v2", bufferCapacity: 4);
        var connection = new FeedConnection(harness.Context, "firehose", ["ticker", "trade", "market_lifecycle_v2"], []);
        using var session = new FeedSession(new ClientWebSocket(), 1, 0);
        const long firstLostMs = 1_767_225_600_000; // 2026-01-01T00:00:00Z

        for (var i = 0; i < 4; i++) // NATS is away: the buffer fills with ticker frames
            connection.OnFrame(session, Encoding.UTF8.GetBytes($$$"""{"type":"ticker","sid":1,"msg":{"market_ticker":"M-{{{i}}}","price_dollars":"0.5000"}}"""));
        connection.OnFrame(session, Encoding.UTF8.GetBytes($$$"""{"type":"trade","sid":2,"seq":1,"msg":{"trade_id":"t-1","market_ticker":"M-1","yes_price_dollars":"0.4400","count_fp":"1.00","ts_ms":{{{firstLostMs}}}}}"""));
        Assert.Equal(1, harness.Context.Stats.Dropped);
        while (harness.Context.Queue.TryRead(out _))
        {
            // NATS is back: the buffer drains.
        }

        // A trade a minute later is queued, and the repair starts.
        connection.OnFrame(session, Encoding.UTF8.GetBytes($$$"""{"type":"trade","sid":2,"seq":2,"msg":{"trade_id":"t-2","market_ticker":"M-1","yes_price_dollars":"0.4400","count_fp":"1.00","ts_ms":{{{firstLostMs + 60_000}}}}}"""));

        var query = await asked.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Contains($"min_ts={(firstLostMs / 1000) - 1}", query, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public void A_delta_that_would_take_a_level_below_zero_is_not_published_its_book_is_marked_lost_and_asked_for_again()
    {
        var connection = new FeedConnection(Context, "book-1", ["orderbook_delta"], ["M-1", "M-2"]);
        using var session = new FeedSession(new ClientWebSocket(), 1, 0);
        connection.OnFrame(session, """{"id":1,"type":"subscribed","msg":{"channel":"orderbook_delta","sid":3}}"""u8);
        connection.OnFrame(session, """{"type":"orderbook_snapshot","sid":3,"seq":1,"msg":{"market_ticker":"M-1","yes_dollars_fp":[["0.4000","10.00"]]}}"""u8);
        connection.OnFrame(session, """{"type":"orderbook_delta","sid":3,"seq":2,"msg":{"market_ticker":"M-1","price_dollars":"0.4000","delta_fp":"-15.00","side":"yes"}}"""u8);

        Assert.Equal(1, Context.Stats.NotNormalized["negative_size"]);
        Assert.Contains("M-1", session.AwaitingSnapshot);
        var loss = Assert.Single(QueuedLosses());
        Assert.Equal(("kalshi.status.M-1", "ssmd_data_loss_book"), (loss.Subject, loss.Marker));
        Assert.EndsWith(":bad:0", loss.Id, StringComparison.Ordinal);
    }

    public void Dispose() => _harness.Dispose();

    /// <summary>The dataLoss statuses queued so far (every queued frame is read).</summary>
    private List<(string Subject, string Id, string Marker)> QueuedLosses()
    {
        var losses = new List<(string Subject, string Id, string Marker)>();
        while (Context.Queue.TryRead(out var frame))
        {
            Assert.DoesNotContain(frame.Normalized, m => m.Subject.StartsWith("kalshi.orderbook.", StringComparison.Ordinal) && frame.RawSubject == "kalshi.raw.orderbook_delta");
            foreach (var message in frame.Normalized.Where(m => m.Subject.StartsWith("kalshi.status.", StringComparison.Ordinal)))
            {
                var reader = new Capnp.MessageReader();
                reader.Load(message.Payload);
                var status = Normalized.MarketStatus.ReadRoot(reader);
                Assert.Equal(Normalized.LifecycleEvent.DataLoss, status.Event);
                losses.Add((message.Subject, message.MessageId, status.RawEventType.ToString()));
            }
        }

        return losses;
    }
}
