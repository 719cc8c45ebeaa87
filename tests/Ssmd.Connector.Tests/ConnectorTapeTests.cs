using System.Net.Http.Json;
using NATS.Client.JetStream;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Kalshi.Messages;
using Ssmd.Testing;
using Ssmd.Testing.Tape;

namespace Ssmd.Connector.Tests;

/// <summary>A real recorded tape through simulator replay → connector → JetStream, judged by the reference fold.</summary>
public sealed class ConnectorTapeTests
{
    private sealed record ReplayProgress(long Frames, bool Ended, bool Holding);

    /// <summary>Normalized books (YES terms: bids = YES bids, asks = 1 − NO bids) against the fold, level by level.</summary>
    private static void AssertBooks(TapeFold expected, Dictionary<string, FoldedBook> books, IEnumerable<string> tickers, string when)
    {
        foreach (var ticker in tickers)
        {
            var reference = new FoldedBook();
            if (expected.Markets.TryGetValue(ticker, out var market))
            {
                foreach (var (price, size) in market.Yes)
                    reference.Bids[price] = size;
                foreach (var (price, size) in market.No)
                    reference.Asks[10_000 - price] = size;
            }

            var book = books.GetValueOrDefault(ticker) ?? new FoldedBook();
            Assert.True(reference.SameAs(book), $"{when}, {ticker}: ssmd {book} vs tape {reference}");
        }
    }

    [Fact(Timeout = 240_000)]
    public async Task A_replayed_real_tape_reaches_JetStream_once_per_frame_and_its_normalized_books_at_three_times_and_the_end_and_trades_equal_the_reference_fold()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory();

        // Three real gold windows, cut before their close so the books are not empty.
        var files = TapeFiles.CopyFirst(TapeFiles.Gold().Take(3), Path.Combine(folder.Path, "tape"), 10_000);
        var tape = Path.Combine(folder.Path, "tape");
        var expected = TapeFold.Fold(files);
        Assert.All(expected.Markets.Values, m => Assert.True(m.Yes.Count > 0 && m.No.Count > 0 && m.Trades > 0, m.Ticker));
        long[] holds = [TapeFold.CleanCut(files, 0.25), TapeFold.CleanCut(files, 0.5), TapeFold.CleanCut(files, 0.75)];

        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 10, new() { ["Replay:Path"] = tape, ["Replay:Speed"] = "0" });
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, ConnectorHost.WriteEnvironment(folder.Path));
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        await ConnectorHost.Until(() => connector.Service.SubscribedMarkets == expected.Markets.Count, TimeSpan.FromSeconds(60), "the tape's markets subscribed");

        await using var client = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(client);
        (await sim.Http.PutAsJsonAsync("/admin/replay", new { holdAfterMs = holds[0] }, ct)).EnsureSuccessStatusCode();
        await sim.SetLoadAsync(paused: false);

        // At three exchange times, the normalized stream folds to the tape's books at that time.
        foreach (var hold in holds)
        {
            (await sim.Http.PutAsJsonAsync("/admin/replay", new { holdAfterMs = hold }, ct)).EnsureSuccessStatusCode();
            await ConnectorHost.Until(
                () => sim.Http.GetFromJsonAsync<ReplayProgress>("/admin/replay", ct).GetAwaiter().GetResult() is { Holding: true },
                TimeSpan.FromSeconds(60), $"the tape held at {hold}");
            await connector.WaitReceivedAsync(sim, TimeSpan.FromSeconds(60));
            await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));
            var held = await JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.", ct);
            var heldProblems = new List<string>();
            AssertBooks(TapeFold.Fold(files, hold), JetStreamReader.FoldBooks(held, heldProblems), expected.Markets.Keys, $"at {hold}");
            Assert.Empty(heldProblems);
        }

        (await sim.Http.PutAsJsonAsync("/admin/replay", new { holdAfterMs = (long?)null }, ct)).EnsureSuccessStatusCode();
        await ConnectorHost.Until(
            () => sim.Http.GetFromJsonAsync<ReplayProgress>("/admin/replay", ct).GetAwaiter().GetResult() is { Ended: true },
            TimeSpan.FromSeconds(120), "the tape played to its end");
        await connector.WaitReceivedAsync(sim, TimeSpan.FromSeconds(60));
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));

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

        // At the end: normalized books equal the fold of the whole tape, trades its counts, size and notional.
        var normalized = await JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.", ct);
        var problems = new List<string>();
        var books = JetStreamReader.FoldBooks(normalized, problems);
        Assert.Empty(problems);
        AssertBooks(expected, books, expected.Markets.Keys, "at the end");
        foreach (var market in expected.Markets.Values)
        {
            Assert.Equal((market.Trades, market.TradedSize, market.Notional), trades.GetValueOrDefault(market.Ticker));
            Assert.Equal(market.Trades, normalized.Count(m => m.Subject.StartsWith("kalshi.trade.", StringComparison.Ordinal) && m.Subject.EndsWith("." + market.Ticker, StringComparison.Ordinal)));
        }
    }

    [Fact(Timeout = 240_000)]
    public async Task With_dropped_connections_and_duplicated_frames_mid_tape_the_normalized_books_still_equal_the_reference_fold_at_the_end()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory();
        var tape = Path.Combine(folder.Path, "tape");
        var expected = TapeFold.Fold(TapeFiles.CopyFirst(TapeFiles.Gold().Take(3), tape, 10_000));

        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 10, new() { ["Replay:Path"] = tape, ["Replay:Speed"] = "0" });
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, ConnectorHost.WriteEnvironment(folder.Path));
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        await ConnectorHost.Until(() => connector.Service.SubscribedMarkets == expected.Markets.Count, TimeSpan.FromSeconds(60), "the tape's markets subscribed");

        await sim.SetFaultsAsync(new { dropConnection = 0.0002, duplicateFrame = 0.002 });
        await sim.SetLoadAsync(paused: false);
        // The dice may spare a short tape; one drop of every connection a third of the way in is certain.
        await ConnectorHost.Until(
            () => sim.Http.GetFromJsonAsync<ReplayProgress>("/admin/replay", ct).GetAwaiter().GetResult() is { Frames: >= 10_000 } or { Ended: true },
            TimeSpan.FromSeconds(120), "a third of the tape played");
        await sim.DropConnectionsAsync();
        await ConnectorHost.Until(
            () => sim.Http.GetFromJsonAsync<ReplayProgress>("/admin/replay", ct).GetAwaiter().GetResult() is { Ended: true },
            TimeSpan.FromSeconds(120), "the tape played to its end");
        await sim.SetFaultsAsync(new { });
        Assert.True(sim.Faults("drop_connection") >= 1 && sim.Faults("duplicate_frame") >= 1, "faults were injected");
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));

        await using var client = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(client);
        await ConnectorHost.Until(
            () =>
            {
                var normalized = JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.", ct).GetAwaiter().GetResult();
                var books = JetStreamReader.FoldBooks(normalized, []);
                return expected.Markets.Values.All(m => books.TryGetValue(m.Ticker, out var book) && Reference(m).SameAs(book));
            },
            TimeSpan.FromSeconds(60), "the books settled");
        var final = await JetStreamReader.ReadAllAsync(js, "KALSHI_NORMALIZED", "kalshi.", ct);
        var problems = new List<string>();
        AssertBooks(expected, JetStreamReader.FoldBooks(final, problems), expected.Markets.Keys, "at the end, with faults");
        Assert.Empty(problems);
        Assert.True(connector.Stats.Reconnects >= 1, $"{connector.Stats.Reconnects} reconnects");
    }

    private static FoldedBook Reference(TapeMarket market)
    {
        var reference = new FoldedBook();
        foreach (var (price, size) in market.Yes)
            reference.Bids[price] = size;
        foreach (var (price, size) in market.No)
            reference.Asks[10_000 - price] = size;
        return reference;
    }
}
