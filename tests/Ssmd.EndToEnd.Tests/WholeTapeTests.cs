using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.EndToEnd.Tests.Infrastructure;
using Ssmd.Testing.Tape;

namespace Ssmd.EndToEnd.Tests;

/// <summary>
/// Issue 11's acceptance: the recorded gold tape (15 markets) through simulator → connector → JetStream →
/// archiver + gateway, judged by the reference fold in every view a user has — the gateway's REST book, the
/// book a WebSocket client rebuilds from its events, and the book folded from the normalized archive files.
/// </summary>
public sealed class WholeTapeTests
{
    [Fact(Timeout = 600_000)]
    public async Task The_whole_tape_gives_the_reference_books_over_REST_WebSocket_and_the_archive_at_three_times_and_the_end_and_the_tapes_trades_and_every_raw_frame_once()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld("e2e");
        var files = TapeFiles.Gold();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var end = TapeFold.Fold(files);
        var tickers = end.Markets.Keys.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(15, tickers.Count);
        // Every market trades on the tape, so the trade totals compared at the end are never 0 = 0.
        Assert.All(end.Markets.Values, m => Assert.True(m.Trades > 0, $"{m.Ticker} has no trade on the tape"));
        var holds = TapeFold.CleanCuts(files, 0.25, 0.5, 0.75);
        var prepared = started.Elapsed;

        await using var system = await WholeSystem.StartAsync(world, TapeFiles.GoldEvents, tickers, holds[0]);
        system.Log($"tape folded and cut in {prepared.TotalSeconds:F1}s: {end.FramesByType.Values.Sum():N0} frames, {tickers.Count} markets, {end.Markets.Values.Sum(m => m.Trades):N0} trades");
        foreach (var hold in holds)
        {
            await system.HoldAsync(hold);
            await system.SettleAsync(hold, TimeSpan.FromSeconds(300));
            var expected = TapeFold.Fold(files, hold);

            // Mid-tape the books are not empty (the windows close with empty books only at their end).
            var open = expected.Markets.Values.Count(m => m.Yes.Count + m.No.Count > 0);
            system.Log($"at {hold}: {expected.FramesByType.Values.Sum():N0} frames folded, {open} markets with a book");
            Assert.True(open > 0, $"the fold at {hold} has no book: the comparison would prove nothing");
            await AssertBooksAsync(system, expected, tickers, $"at {hold}");
        }

        await system.HoldAsync(null);
        await system.SettleAsync(null, TimeSpan.FromSeconds(300));
        await AssertBooksAsync(system, end, tickers, "at the end");
        await AssertTradesAsync(system, end, tickers);
        system.Log("books and trades checked");

        // Raw: JetStream holds every frame sent once; the archive, flushed after JetStream was read, holds each of them once.
        var raw = await JetStreamReader.ReadEveryFrameOnceAsync(system.JetStream, system.Sim, system.Connector, ct);
        Assert.Equal(0, system.Connector.Stats.Dropped);
        Assert.Equal(0, system.Connector.Stats.Gaps.Values.Sum());
        await system.CatchUpAsync();
        await AssertRawArchivedOnceAsync(system, raw);
        system.Log($"raw archive checked: {raw.Count:N0} frames");
    }

    // Faults cost a whole-tape run its pace (every dropped connection is a reconnect, a re-snapshot and a
    // REST backfill): this test plays all 15 markets, each cut to its first frames.
    private const int FaultTapeFrames = 20_000;

    [Fact(Timeout = 600_000)]
    public async Task With_dropped_connections_and_duplicated_frames_all_15_markets_first_20000_frames_each_still_give_the_reference_books_and_trades_over_REST_WebSocket_and_the_archive_at_the_end()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld("e2e-faults");
        var tape = world.Path_("tape");
        var files = TapeFiles.CopyFirst(TapeFiles.Gold(), tape, FaultTapeFrames);
        var expected = TapeFold.Fold(files);
        var tickers = expected.Markets.Keys.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(15, tickers.Count);
        Assert.All(expected.Markets.Values, m => Assert.True(m.Yes.Count + m.No.Count > 0 && m.Trades > 0, $"{m.Ticker}: the cut tape has an empty book or no trade"));

        // Random drops and duplicates all along; and between two times mid-tape every connection is dropped at
        // its next frame, so the trade connection (a few percent of the frames: random drops seldom hit it)
        // misses trades too, and the frames played while nobody is connected reach no one.
        var random = new { dropConnection = 0.00005, duplicateFrame = 0.002 };
        var cuts = TapeFold.CleanCuts(files, 0.4, 0.6);
        await using var system = await WholeSystem.StartAsync(world, tape, tickers, cuts[0], random);
        await system.WaitReplayAsync(cuts[0], TimeSpan.FromSeconds(300));
        var reconnects = system.Connector.Stats.Reconnects;
        await system.Sim.SetFaultsAsync(new { dropConnection = 1.0, duplicateFrame = 0.002 });
        await system.HoldAsync(cuts[1]);
        await system.WaitReplayAsync(cuts[1], TimeSpan.FromSeconds(300));
        await system.Sim.SetFaultsAsync(random);
        await system.HoldAsync(null);
        await system.SettleAsync(null, TimeSpan.FromSeconds(300), faults: true);
        system.Log($"faults injected: {string.Join(", ", system.Sim.AllFaults.Select(f => $"{f.Key} {f.Value}"))}; {system.Connector.Stats.Reconnects} reconnects, {reconnects} before the forced drops");
        Assert.True(system.Sim.Faults("duplicate_frame") >= 1, "frames were duplicated");
        Assert.True(system.Connector.Stats.Reconnects >= reconnects + 2, $"{system.Connector.Stats.Reconnects} reconnects, {reconnects} before both connections were dropped");

        // Trades missed while a connection was down come back from the exchange's REST, asynchronously.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var complete = true;
            foreach (var ticker in tickers)
                complete &= await system.Rest.TradesAsync(ticker) == TradeTotals.Of(expected.Markets[ticker]);
            if (complete)
                break;
            await Task.Delay(1000, ct);
        }

        await system.CatchUpAsync();
        await AssertBooksAsync(system, expected, tickers, "at the end, with faults");
        await AssertTradesAsync(system, expected, tickers);
        system.Log($"books and trades checked; {system.Connector.Stats.BackfilledTrades} trades backfilled");
        Assert.True(system.Connector.Stats.BackfilledTrades >= 1, "no trade was backfilled: the trade connection's drop went untested");
        var raw = await JetStreamReader.ReadAllAsync(system.JetStream, "KALSHI_RAW", "kalshi.raw.", ct);
        await system.CatchUpAsync();
        await AssertRawArchivedOnceAsync(system, raw);
        system.Log($"raw archive checked: {raw.Count:N0} frames");
    }

    /// <summary>REST, WebSocket and archive books of every market against the fold, level by level; every difference reported.</summary>
    private static async Task AssertBooksAsync(WholeSystem system, TapeFold expected, IReadOnlyCollection<string> tickers, string when)
    {
        // The WebSocket client reads on its own: give it time to take in what the gateway sent.
        await Eventually(() => tickers.All(t => system.Client.Tickers().TryGetValue(t, out var r) && Reference(expected, t).SameAs(r.Book)), TimeSpan.FromSeconds(60));
        var archive = await system.Archive.FoldAsync(TestContext.Current.CancellationToken);
        system.Log($"{when}: archive read back");

        var failures = new List<string>(archive.Problems.Select(p => $"{when}, archive: {p}"));
        foreach (var ticker in tickers)
        {
            var reference = Reference(expected, ticker);
            var rest = await system.Rest.BookAsync(ticker);
            if (!reference.SameAs(rest))
                failures.Add($"{when}, {ticker}, REST: {rest} vs tape {reference}");
            var client = system.Client.Tickers().GetValueOrDefault(ticker)?.Book ?? new FoldedBook();
            if (!reference.SameAs(client))
                failures.Add($"{when}, {ticker}, WebSocket: {client} vs tape {reference}");
            var archived = archive.Books.GetValueOrDefault(ticker) ?? new FoldedBook();
            if (!reference.SameAs(archived))
                failures.Add($"{when}, {ticker}, archive: {archived} vs tape {reference}");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>Trade count, size and notional of every market over REST (paged), over WebSocket and in the archive, against the tape's.</summary>
    private static async Task AssertTradesAsync(WholeSystem system, TapeFold expected, IReadOnlyCollection<string> tickers)
    {
        await Eventually(() => tickers.All(t => ClientTrades(system, t) == TradeTotals.Of(expected.Markets[t])), TimeSpan.FromSeconds(60));
        var archive = await system.Archive.FoldAsync(TestContext.Current.CancellationToken);
        var failures = new List<string>();
        foreach (var ticker in tickers)
        {
            var tape = TradeTotals.Of(expected.Markets[ticker]);
            var rest = await system.Rest.TradesAsync(ticker);
            if (rest != tape)
                failures.Add($"{ticker}, REST trades: {rest} vs tape {tape}");
            if (ClientTrades(system, ticker) is var client && client != tape)
                failures.Add($"{ticker}, WebSocket trades: {client} vs tape {tape}");
            if (archive.Trades.GetValueOrDefault(ticker) is var archived && archived != tape)
                failures.Add($"{ticker}, archived trades: {archived} vs tape {tape}");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// The raw archive holds every frame JetStream holds, once, byte for byte. The connector's liveness probes
    /// go on while the archive is flushed, so their replies may be archived after JetStream was read: beyond
    /// what JetStream held, only such replies may be there.
    /// </summary>
    private static async Task AssertRawArchivedOnceAsync(WholeSystem system, List<JetStreamReader.RawMessage> raw)
    {
        var archived = await system.Archive.RawAsync(TestContext.Current.CancellationToken);
        var unmatched = archived.Select(Convert.ToBase64String).GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missing = 0;
        foreach (var frame in raw.Select(m => Convert.ToBase64String(m.Data)))
        {
            if (unmatched.GetValueOrDefault(frame) > 0)
                unmatched[frame]--;
            else
                missing++;
        }

        Assert.True(missing == 0, $"{missing:N0} of {raw.Count:N0} raw frames JetStream holds are not in the archive ({archived.Count:N0} archived)");
        var extra = unmatched.Where(e => e.Value > 0).SelectMany(e => Enumerable.Repeat(e.Key, e.Value))
            .Select(b => System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(b)).RootElement.GetProperty("type").GetString()).ToList();
        Assert.True(extra.Count <= 20 && extra.All(t => t is "ok" or "subscribed" or "list_subscriptions" or "error"),
            $"{extra.Count} archived frames JetStream did not hold when read: {string.Join(", ", extra.Take(10))}");
    }

    private static TradeTotals ClientTrades(WholeSystem system, string ticker) =>
        system.Client.Tickers().GetValueOrDefault(ticker) is { } r ? new TradeTotals(r.Trades.Count, r.TradedSize, r.Notional) : default;

    /// <summary>The fold's book of a market in YES terms: bids are the YES bids, asks 1 − the NO bids.</summary>
    private static FoldedBook Reference(TapeFold fold, string ticker)
    {
        var reference = new FoldedBook();
        if (fold.Markets.TryGetValue(ticker, out var market))
        {
            foreach (var (price, size) in market.Yes)
                reference.Bids[price] = size;
            foreach (var (price, size) in market.No)
                reference.Asks[10_000 - price] = size;
        }

        return reference;
    }

    /// <summary>Waits until <paramref name="condition"/> holds or the time is up (the assertions after it say what differs).</summary>
    private static async Task Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (condition())
                    return;
            }
            catch (InvalidOperationException)
            {
                // The client's reader changed a record while it was looked at: look again.
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
