using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NATS.Client.JetStream;
using Ssmd.Capnp;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Normalized;
using Ssmd.Streams;
using Ssmd.Testing;

namespace Ssmd.Connector.Tests;

/// <summary>
/// nats-server killed mid-run and started again 5 s later while the exchange keeps trading, and a connection
/// cut with writes landed but unacknowledged.
/// </summary>
public sealed class NatsOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    [Fact(Timeout = 300_000)]
    public async Task Within_the_buffer_no_frame_is_lost_and_each_is_stored_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 300);
        using var folder = new TempDirectory();
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, ConnectorHost.WriteEnvironment(folder.Path, marketsPerSubscription: 100));
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        var tradesBefore = await ExchangeAssertions.TradeCountAsync(sim, ct);

        // About 2,000 events a second: the outage buffers well under the default 200,000 frames.
        await sim.SetLoadAsync(paused: false, eventsPerSecond: 2_000);
        await ConnectorHost.Until(() => connector.Stats.RawPublished > 5_000, TimeSpan.FromSeconds(60), "5,000 frames published");
        await nats.KillAsync();
        var sentAtKill = sim.FramesSent;
        var unpublishedAtKill = connector.Stats.Received.Values.Sum() - connector.Stats.RawPublished;
        var health = connector.Services.GetRequiredService<HealthCheckService>();
        await ConnectorHost.Until(() => health.CheckHealthAsync(ct).GetAwaiter().GetResult().Status == HealthStatus.Unhealthy, Outage, "/health unhealthy while NATS is down");
        await Task.Delay(Outage, ct);
        Assert.True(sim.FramesSent > sentAtKill + 1_000, "the exchange kept sending while NATS was down");
        // Those frames wait in the buffer. (Whether any publish is sent twice depends on where the kill fell:
        // writes in flight at that moment are usually stored already, and then found there, not resent.)
        var unpublishedAtRestart = connector.Stats.Received.Values.Sum() - connector.Stats.RawPublished;
        Assert.True(unpublishedAtRestart > unpublishedAtKill + 1_000, $"{unpublishedAtRestart} frames unpublished at restart, {unpublishedAtKill} at the kill");
        await nats.RestartAsync(ct);
        await ConnectorHost.Until(() => sim.FramesSent > sentAtKill + 20_000, TimeSpan.FromSeconds(90), "trading after NATS is back");
        await sim.SetLoadAsync(paused: true);
        await connector.WaitReceivedAsync(sim, TimeSpan.FromSeconds(60));
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(120));

        var stats = connector.Stats;
        Assert.Equal(0, stats.Dropped);
        await using var client = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(client);
        var raw = await JetStreamReader.ReadEveryFrameOnceAsync(js, sim, connector, ct);
        Assert.DoesNotContain(raw, m => m.Subject == "kalshi.raw.ssmd_data_loss");

        await ExchangeAssertions.BooksAndTradesEqualTheExchangeAsync(sim, js, connector, tradesBefore, ct);
    }

    [Fact(Timeout = 300_000)]
    public async Task Beyond_the_buffer_the_loss_is_reported_with_its_exact_count_and_books_and_trades_are_repaired()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 300);
        using var folder = new TempDirectory();
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, ConnectorHost.WriteEnvironment(folder.Path, marketsPerSubscription: 100),
            new() { ["Connector:BufferCapacity"] = "3000" });
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        var tradesBefore = await ExchangeAssertions.TradeCountAsync(sim, ct);

        await sim.SetLoadAsync(paused: false, eventsPerSecond: 2_000);
        await ConnectorHost.Until(() => connector.Stats.RawPublished > 5_000, TimeSpan.FromSeconds(60), "5,000 frames published");
        await nats.KillAsync();
        await ConnectorHost.Until(() => connector.Stats.Dropped > 0, TimeSpan.FromSeconds(60), "the buffer overflowing");
        await Task.Delay(Outage, ct);
        await nats.RestartAsync(ct);
        var sentAtRestart = sim.FramesSent;
        await ConnectorHost.Until(() => sim.FramesSent > sentAtRestart + 20_000, TimeSpan.FromSeconds(90), "trading after NATS is back");
        await sim.SetLoadAsync(paused: true);
        await connector.WaitReceivedAsync(sim, TimeSpan.FromSeconds(60));
        await ConnectorHost.Until(() => connector.Stats.BufferDepth == 0 && connector.Stats.RawPublished + connector.Stats.Dropped == connector.Stats.Received.Values.Sum(),
            TimeSpan.FromSeconds(120), "every frame published or counted as dropped");
        await ConnectorHost.Until(() => connector.Stats.LossReported == connector.Stats.Dropped, TimeSpan.FromSeconds(30), "the loss marker stored");

        // Exactly what was not dropped is stored, and the raw stream says how many were lost, where.
        var receivedBefore = connector.Stats.Received.Values.Sum();
        await using var client = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(client);
        var raw = await JetStreamReader.ReadAllAsync(js, "KALSHI_RAW", "kalshi.raw.", ct);
        var stats = connector.Stats;
        var markers = raw.Where(m => m.Subject == "kalshi.raw.ssmd_data_loss").ToList();
        var frames = raw.Count - markers.Count;
        var storedTwice = raw.GroupBy(m => m.Headers![SsmdHeaders.MessageId].ToString()).Where(g => g.Count() > 1).Select(g => $"{g.Key} at {string.Join(", ", g.Select(x => x.Sequence))}").ToList();
        Assert.True(storedTwice.Count == 0, $"{storedTwice.Count} frames stored twice: {string.Join("; ", storedTwice.Take(10))}");
        // Liveness-probe replies may land during the read: between what was received before it and after.
        Assert.True(frames >= receivedBefore - stats.Dropped && frames <= stats.Received.Values.Sum() - stats.Dropped,
            $"{stats.Received.Values.Sum()} received, {stats.Dropped} dropped, {stats.RawPublished} published, {stats.IdCollisions} id collisions, {frames} stored; holes (dropped or missing): {JetStreamReader.MissingFrames(raw)}");
        Assert.NotEmpty(markers);
        // Trades lost with the buffer (only when the firehose's frames were among those dropped) are backfilled
        // from REST: the comparison with the exchange at the end finds every trade once or fails.
        Assert.Equal(stats.Dropped, markers.Sum(m => JsonDocument.Parse(m.Data).RootElement.GetProperty("msg").GetProperty("dropped").GetInt64()));

        // Every market of a connection that lost frames has a dataLoss status event, ahead of its repair. A loss
        // marked as the book's (an orderbook connection's: they carry most frames, so they lose some) is followed by
        // a fresh snapshot of that book; every loss says which it is. The repair asks the exchange for the snapshot
        // only after the loss is stored, and the backlog can overflow again after NATS is back (a CI run had a second
        // loss 2 s before this read), so the last loss's snapshots may still be on their way: this polls.
        var reader = new MessageReader();
        List<string> lossTickers = [];
        List<string> unrepaired = [];
        var bookLosses = 0;
        await ConnectorHost.Until(async () =>
        {
            var statuses = await JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.status.", ct);
            Dictionary<string, ulong> lastSnapshot = [];
            foreach (var b in await JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.orderbook.", ct))
            {
                reader.Load(b.Data);
                if (OrderBookUpdate.ReadRoot(reader).Which == OrderBookUpdate.Which.Snapshot)
                    lastSnapshot[b.Subject["kalshi.orderbook.".Length..]] = b.Sequence;
            }

            lossTickers = [];
            unrepaired = [];
            bookLosses = 0;
            foreach (var loss in statuses)
            {
                reader.Load(loss.Data);
                var status = MarketStatus.ReadRoot(reader);
                if (status.Event != LifecycleEvent.DataLoss)
                    continue;
                var ticker = loss.Subject["kalshi.status.".Length..];
                lossTickers.Add(ticker);
                var marker = status.RawEventType.ToString();
                Assert.Contains(marker, new[] { DataLossMarkers.Feed, DataLossMarkers.Book });
                if (marker != DataLossMarkers.Book)
                    continue;
                bookLosses++;
                if (!lastSnapshot.TryGetValue(ticker, out var snapshot) || snapshot <= loss.Sequence)
                    unrepaired.Add($"{ticker} (loss at {loss.Sequence})");
            }

            return unrepaired.Count == 0;
        }, TimeSpan.FromSeconds(30), () => $"a fresh snapshot after each book-marked loss: {unrepaired.Count} without, e.g. {string.Join(", ", unrepaired.Take(5))}");
        Assert.NotEmpty(lossTickers);
        Assert.True(bookLosses > 0, "no dataLoss event was marked as the book's");

        await ExchangeAssertions.BooksAndTradesEqualTheExchangeAsync(sim, js, connector, tradesBefore, ct);
    }

    [Fact(Timeout = 240_000)]
    public async Task Writes_that_landed_while_their_acks_were_lost_are_not_stored_again_after_an_outage_longer_than_the_duplicate_window()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var proxy = new NatsProxy(nats.Url);
        await using var sim = await SimHost.StartAsync(markets: 100);
        using var folder = new TempDirectory();
        // A duplicate window of 1 s: the outage below outlasts it, as a real one of minutes outlasts 2 min.
        await using var connector = await ConnectorHost.StartAsync(sim, proxy.Url,
            ConnectorHost.WriteEnvironment(folder.Path, marketsPerSubscription: 50, duplicateWindow: "1s"));
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        await using var direct = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(direct);
        async Task<ulong> RawLastAsync() => (await js.GetStreamAsync("KALSHI_RAW", cancellationToken: ct)).Info.State.LastSeq;

        // The server stores what the connector sends, but none of its acknowledgements get back...
        var before = await RawLastAsync();
        proxy.HoldServerReplies();
        await sim.SetLoadAsync(paused: false, eventsPerSecond: 500);
        // (The publisher stops at the first acknowledgement it waits for in vain: what it sent up to then lands.)
        await ConnectorHost.Until(() => RawLastAsync().GetAwaiter().GetResult() > before, TimeSpan.FromSeconds(60), "frames stored with their acks held");
        await Task.Delay(1_000, ct);
        await sim.SetLoadAsync(paused: true);
        var landed = await RawLastAsync() - before;
        // ...and they are lost with the connection; NATS stays out of reach for longer than the duplicate window.
        proxy.CutAndRefuse();
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        proxy.Accept();

        await connector.WaitReceivedAsync(sim, TimeSpan.FromSeconds(60));
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(90));
        Assert.True(landed > 0, "no write landed while its acknowledgement was held");
        await JetStreamReader.ReadEveryFrameOnceAsync(js, sim, connector, ct);
    }
}
