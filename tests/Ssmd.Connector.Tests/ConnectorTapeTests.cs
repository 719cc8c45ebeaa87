using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using NATS.Client.JetStream;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Kalshi.Messages;
using Ssmd.Testing;
using Ssmd.Testing.Tape;

namespace Ssmd.Connector.Tests;

/// <summary>A real recorded tape through simulator replay → connector → JetStream, judged by the reference fold.</summary>
public sealed class ConnectorTapeTests
{
    private sealed record ReplayProgress(long Frames, bool Ended);

    [Fact(Timeout = 240_000)]
    public async Task A_replayed_real_tape_reaches_JetStream_once_per_frame_and_its_normalized_books_and_trades_equal_the_reference_fold()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory();

        // Three real gold windows, cut before their close so the books are not empty.
        var tape = Path.Combine(folder.Path, "tape");
        var files = new List<string>();
        foreach (var source in TapeFiles.Gold().Take(3))
        {
            var target = Path.Combine(tape, Path.GetFileName(Path.GetDirectoryName(source))!, Path.GetFileName(source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using (var writer = new StreamWriter(new GZipStream(File.Create(target), CompressionLevel.Fastest), new UTF8Encoding(false)))
            {
                foreach (var line in TapeFold.ReadLines(source).Take(10_000))
                {
                    writer.Write(line);
                    writer.Write('\n');
                }
            }

            files.Add(target);
        }

        var expected = TapeFold.Fold(files);
        Assert.All(expected.Markets.Values, m => Assert.True(m.Yes.Count > 0 && m.No.Count > 0 && m.Trades > 0, m.Ticker));

        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 10, new() { ["Replay:Path"] = tape, ["Replay:Speed"] = "0" });
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, ConnectorHost.WriteEnvironment(folder.Path));
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        await ConnectorHost.Until(() => connector.Service.SubscribedMarkets == expected.Markets.Count, TimeSpan.FromSeconds(60), "the tape's markets subscribed");

        await sim.SetLoadAsync(paused: false);
        await ConnectorHost.Until(
            () => sim.Http.GetFromJsonAsync<ReplayProgress>("/admin/replay", ct).GetAwaiter().GetResult() is { Ended: true },
            TimeSpan.FromSeconds(120), "the tape played to its end");
        await ConnectorHost.Until(() => connector.Stats.Received.Values.Sum() >= sim.FramesSent, TimeSpan.FromSeconds(60), "every sent frame received");
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));

        await using var client = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(client);
        var raw = await JetStreamReader.ReadEveryFrameOnceAsync(js, sim, connector, ct);
        Assert.Equal(0, connector.Stats.Dropped);
        Assert.Equal(0, connector.Stats.Gaps.Values.Sum());

        // Trades as the raw stream holds them: count, size and notional per market, exact.
        var trades = new Dictionary<string, (long Count, long Size, long Notional)>(StringComparer.Ordinal);
        foreach (var message in raw)
        {
            if (KalshiFrameReader.Read(message.Data).Message is KalshiTrade t)
            {
                var (count, size, notional) = trades.GetValueOrDefault(t.MarketTicker);
                trades[t.MarketTicker] = (count + 1, size + t.Count.Units, notional + (t.YesPrice.Units * t.Count.Units));
            }
        }

        // Normalized books (YES terms: bids = YES bids, asks = 1 − NO bids) equal the fold of the tape, level by level.
        var normalized = await JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.", ct);
        var problems = new List<string>();
        var books = JetStreamReader.FoldBooks(normalized, problems);
        Assert.Empty(problems);
        foreach (var market in expected.Markets.Values)
        {
            var reference = new FoldedBook();
            foreach (var (price, size) in market.Yes)
                reference.Bids[price] = size;
            foreach (var (price, size) in market.No)
                reference.Asks[10_000 - price] = size;
            Assert.True(books.TryGetValue(market.Ticker, out var book), $"no normalized book for {market.Ticker}");
            Assert.True(reference.SameAs(book), $"{market.Ticker}: ssmd {book} vs tape {reference}");
            Assert.Equal((market.Trades, market.TradedSize, market.Notional), trades.GetValueOrDefault(market.Ticker));
            Assert.Equal(market.Trades, normalized.Count(m => m.Subject.StartsWith("kalshi.trade.", StringComparison.Ordinal) && m.Subject.EndsWith("." + market.Ticker, StringComparison.Ordinal)));
        }
    }
}
