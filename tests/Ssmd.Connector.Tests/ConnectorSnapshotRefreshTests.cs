using NATS.Client.JetStream;
using Ssmd.Capnp;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Normalized;
using Ssmd.Streams;
using Ssmd.Testing;

namespace Ssmd.Connector.Tests;

/// <summary>
/// Fresh snapshots at an interval keep the normalized stream self-contained: a reader that starts in its
/// middle (the gateway after a restart, once old messages were trimmed) still rebuilds every book.
/// </summary>
public sealed class ConnectorSnapshotRefreshTests
{
    [Fact(Timeout = 180_000)]
    public async Task A_reader_that_starts_in_the_middle_of_the_stream_rebuilds_the_exchanges_books_from_the_refreshed_snapshots()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 100);
        using var folder = new TempDirectory();
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, ConnectorHost.WriteEnvironment(folder.Path, marketsPerSubscription: 40),
            new() { ["Connector:SnapshotRefreshInterval"] = "00:00:02" });
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        await using var client = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(client);

        await sim.SetLoadAsync(paused: false, eventsPerSecond: 2_000);
        await ConnectorHost.Until(() => sim.FramesSent >= 3_000, TimeSpan.FromSeconds(60), "3,000 frames sent");
        // A reader joins here: everything before, the first snapshots included, is gone for it.
        await sim.SetLoadAsync(paused: true);
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));
        var joinedAfter = (await js.GetStreamAsync("KALSHI_NORMALIZED", cancellationToken: ct)).Info.State.LastSeq;
        var sentAtJoin = sim.FramesSent;
        await sim.SetLoadAsync(paused: false, eventsPerSecond: 2_000);
        await ConnectorHost.Until(() => sim.FramesSent >= sentAtJoin + 6_000, TimeSpan.FromSeconds(60), "6,000 more frames sent");
        await Task.Delay(TimeSpan.FromSeconds(5), ct); // at least two refresh intervals with trading on
        await sim.SetLoadAsync(paused: true);
        await connector.WaitReceivedAsync(sim, TimeSpan.FromSeconds(60));
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));

        // What the reader can fold: per market, from its first snapshot after the join on.
        var reader = new MessageReader();
        var booked = new HashSet<string>(StringComparer.Ordinal);
        var readable = new List<JetStreamReader.RawMessage>();
        foreach (var message in await JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.orderbook.", ct))
        {
            if (message.Sequence <= joinedAfter || !SsmdSubjects.TryParseNormalized(message.Subject, out _, out _, out var ticker))
                continue;
            reader.Load(message.Data);
            if (OrderBookUpdate.ReadRoot(reader).Which == OrderBookUpdate.Which.Snapshot)
                booked.Add(ticker);
            if (booked.Contains(ticker))
                readable.Add(message);
        }

        List<string> problems = [];
        var books = JetStreamReader.FoldBooks(readable, problems);
        var truth = await sim.GroundTruthAsync();
        Assert.Empty(problems);
        Assert.Equal(connector.Service.SubscribedMarkets, books.Count);
        Assert.All(books, b => Assert.True(truth[b.Key].SameAs(b.Value), $"{b.Key}: ssmd {b.Value} vs exchange {truth[b.Key]}"));
        Assert.Equal(0, connector.Stats.Gaps.Values.Sum());
    }
}
