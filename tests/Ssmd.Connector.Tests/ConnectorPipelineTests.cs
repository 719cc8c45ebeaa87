using System.Globalization;
using NATS.Client.JetStream;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Streams;
using Ssmd.Testing;

namespace Ssmd.Connector.Tests;

/// <summary>The connector against the simulator over a real WebSocket, into a real nats-server.</summary>
public sealed class ConnectorPipelineTests
{
    [Fact(Timeout = 240_000)]
    public async Task Every_frame_of_100000_over_1000_markets_is_in_JetStream_once_and_the_normalized_books_equal_the_exchange()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 1000);
        using var folder = new TempDirectory();
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, ConnectorHost.WriteEnvironment(folder.Path));
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        var subscribed = connector.Service.SubscribedMarkets;
        Assert.True(subscribed > 800, $"{subscribed} of the 1000 markets subscribed (closed and settled ones are not)");

        await sim.SetLoadAsync(paused: false);
        await ConnectorHost.Until(() => sim.FramesSent >= 100_000, TimeSpan.FromSeconds(120), "100,000 frames sent");
        await sim.SetLoadAsync(paused: true);
        await connector.WaitReceivedAsync(sim, TimeSpan.FromSeconds(60));
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));

        // Raw: exactly the frames the exchange sent, once each, byte for byte in order per subscription.
        await using var client = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(client);
        var raw = await JetStreamReader.ReadEveryFrameOnceAsync(js, sim, connector, ct);
        var stats = connector.Stats;
        var sequences = raw.Where(m => m.Headers!.ContainsKey(SsmdHeaders.Seq))
            .GroupBy(m => (Connection: ConnectionOf(m), Sid: m.Headers![SsmdHeaders.Sid].ToString()))
            .ToList();
        Assert.NotEmpty(sequences);
        foreach (var group in sequences)
        {
            var seqs = group.Select(m => long.Parse(m.Headers![SsmdHeaders.Seq].ToString(), CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(seqs.Count, seqs.Distinct().Count());
            Assert.Equal(seqs.Order(), seqs); // stream order is exchange order
            Assert.Equal(seqs[^1] - seqs[0] + 1, seqs.Count); // no hole
        }

        Assert.Equal(0, stats.Dropped);
        Assert.Equal(0, stats.NotNormalized["malformed_json"] + stats.NotNormalized["invalid_fields"] + stats.NotNormalized["unknown_type"]);
        Assert.Equal(0, stats.Gaps.Values.Sum());

        // Normalized: books folded from the stream equal the exchange's, level by level.
        var normalized = await JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.", ct);
        var problems = new List<string>();
        var books = JetStreamReader.FoldBooks(normalized, problems);
        Assert.Empty(problems);
        var truth = await sim.GroundTruthAsync();
        Assert.Equal(subscribed, books.Count);
        var compared = 0;
        foreach (var (ticker, book) in books)
        {
            Assert.True(truth.TryGetValue(ticker, out var expected), $"{ticker} is not a simulator market");
            Assert.True(expected.SameAs(book), $"{ticker}: ssmd {book} vs exchange {expected}");
            compared++;
        }

        Assert.Equal(subscribed, compared);
        Assert.True(normalized.Count(m => m.Subject.StartsWith("kalshi.trade.", StringComparison.Ordinal)) > 1000);
    }

    private static string ConnectionOf(JetStreamReader.RawMessage message)
    {
        var id = message.Headers![SsmdHeaders.MessageId].ToString();
        return id[..id.LastIndexOf(':')];
    }
}
