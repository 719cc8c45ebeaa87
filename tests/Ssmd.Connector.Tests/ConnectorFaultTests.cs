using NATS.Client.JetStream;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Testing;

namespace Ssmd.Connector.Tests;

/// <summary>The simulator's faults switched on: the connector still ends with the exchange's books and trades.</summary>
public sealed class ConnectorFaultTests
{
    [Fact(Timeout = 240_000)]
    public async Task With_gaps_duplicates_malformed_unknown_tickerless_and_legacy_frames_books_and_trades_equal_the_exchange_and_bad_frames_are_counted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 300);
        using var folder = new TempDirectory();
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, ConnectorHost.WriteEnvironment(folder.Path, marketsPerSubscription: 100));
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));

        var tradesBefore = await ExchangeAssertions.TradeCountAsync(sim, ct);
        await sim.SetFaultsAsync(new { sequenceGap = 0.002, duplicateFrame = 0.003, malformedJson = 0.002, unknownMessageType = 0.002, missingTicker = 0.002, unknownField = 0.01, legacyShapes = 0.01 });
        await sim.SetLoadAsync(paused: false);
        await ConnectorHost.Until(() => sim.FramesSent >= 40_000, TimeSpan.FromSeconds(120), "40,000 frames sent");
        await sim.SetFaultsAsync(new { });
        await sim.SetLoadAsync(paused: true);
        await connector.WaitReceivedAsync(sim, TimeSpan.FromSeconds(60));
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));

        var stats = connector.Stats;
        Assert.True(sim.Faults("malformed_json") > 0 && sim.Faults("missing_ticker") > 0 && sim.Faults("sequence_gap") > 0 && sim.Faults("duplicate_frame") > 0 && sim.Faults("legacy_shapes") > 0);

        // Every frame that could not be normalized is counted under its reason, exactly.
        Assert.Equal(sim.Faults("malformed_json"), stats.NotNormalized["malformed_json"]);
        Assert.Equal(sim.Faults("malformed_json"), stats.Received["malformed"]);
        Assert.Equal(sim.Faults("unknown_message_type"), stats.NotNormalized["unknown_type"]);
        // A market frame without its ticker cannot be routed: kept raw, counted, and the connection stays up.
        Assert.Equal(sim.Faults("missing_ticker"), stats.NotNormalized["invalid_fields"]);
        Assert.Equal(0, stats.Reconnects);

        // Duplicates are dropped (ticker frames carry no seq, so theirs pass as the full state they are).
        Assert.InRange(stats.NotNormalized["duplicate"], 1, sim.Faults("duplicate_frame"));
        // Trades a gap hid are backfilled from REST: proven by the trade check below (the simulator's gap fault
        // may skip a number without hiding a trade, so the backfill count itself can be zero here).
        Assert.InRange(stats.Gaps.Values.Sum(), 1, sim.Faults("sequence_gap"));
        Assert.True(stats.Resyncs >= stats.Gaps["orderbook_delta"]);

        // Raw keeps what arrived, all of it.
        await using var client = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(client);
        var raw = await JetStreamReader.ReadEveryFrameOnceAsync(js, sim, connector, ct);
        Assert.Equal(sim.Faults("malformed_json"), raw.Count(m => m.Subject == "kalshi.raw.malformed"));
        Assert.Equal(sim.Faults("missing_ticker"), raw.Count(m => m.Subject == "kalshi.raw.trade" && m.Data.AsSpan().IndexOf("market_ticker"u8) < 0));

        await ExchangeAssertions.BooksAndTradesEqualTheExchangeAsync(sim, js, connector, tradesBefore, ct);
    }

    [Fact(Timeout = 240_000)]
    public async Task With_dropped_connections_and_error_25_books_and_trades_still_equal_the_exchange()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 300);
        using var folder = new TempDirectory();
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, ConnectorHost.WriteEnvironment(folder.Path, marketsPerSubscription: 100));
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));

        var tradesBefore = await ExchangeAssertions.TradeCountAsync(sim, ct);
        await sim.SetFaultsAsync(new { dropConnection = 0.0003, bufferOverflow = 0.0003, sequenceGap = 0.001, duplicateFrame = 0.001 });
        await sim.SetLoadAsync(paused: false);
        await ConnectorHost.Until(() => sim.Faults("drop_connection") >= 2 && sim.Faults("buffer_overflow") >= 2 && sim.FramesSent >= 30_000, TimeSpan.FromSeconds(150), "connections dropped and subscriptions overflowed");
        await sim.SetFaultsAsync(new { });
        await sim.SetLoadAsync(paused: true);
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));

        Assert.True(connector.Stats.Reconnects >= 2, $"{connector.Stats.Reconnects} reconnects");
        await using var client = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(client);
        await ExchangeAssertions.BooksAndTradesEqualTheExchangeAsync(sim, js, connector, tradesBefore, ct);
    }
}
