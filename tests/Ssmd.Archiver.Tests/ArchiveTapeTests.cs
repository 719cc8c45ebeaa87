using System.Net.Http.Json;
using NATS.Client.JetStream;
using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Storage;
using Ssmd.Streams;
using Ssmd.Testing;
using Ssmd.Testing.Tape;

namespace Ssmd.Archiver.Tests;

/// <summary>A real recorded tape through simulator replay → connector → JetStream → archiver, read back from the files.</summary>
public sealed class ArchiveTapeTests
{
    private sealed record ReplayProgress(long Frames, bool Ended);

    [Fact(Timeout = 240_000)]
    public async Task The_archive_of_a_replayed_real_tape_holds_every_frame_once_and_its_normalized_books_and_trades_equal_the_reference_fold()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld("tape");
        var tape = world.Path_("tape");
        var files = TapeFiles.CopyFirst(TapeFiles.Gold().Take(3), tape, 10_000);
        var expected = TapeFold.Fold(files);
        var firstDay = DateOnly.FromDateTime(DateTime.UtcNow);

        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 10, new() { ["Replay:Path"] = tape, ["Replay:Speed"] = "0" });
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, world.EnvironmentPath);
        var store = world.Path_("store");
        await using var archiver = await ArchiverHost.StartAsync(nats.Url, new Uri(store + "/").AbsoluteUri, world, world.Path_("work"), cancellationToken: ct);
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        await ConnectorHost.Until(() => connector.Service.SubscribedMarkets == expected.Markets.Count, TimeSpan.FromSeconds(60), "the tape's markets subscribed");

        await sim.SetLoadAsync(paused: false);
        await ConnectorHost.Until(
            () => sim.Http.GetFromJsonAsync<ReplayProgress>("/admin/replay", ct).GetAwaiter().GetResult() is { Ended: true },
            TimeSpan.FromSeconds(120), "the tape played to its end");
        await connector.WaitReceivedAsync(sim, TimeSpan.FromSeconds(60));
        await connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));

        await using var connection = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(connection);
        var raw = await JetStreamReader.ReadEveryFrameOnceAsync(js, sim, connector, ct);
        var nats_ = world.Environment.Transport.Nats;
        await Completion.FlushAllAsync(archiver.Flusher, js,
            new[] { "raw", "trade", "orderbook", "ticker", "status" }.Select(s => (s == "raw" ? nats_.RawStream.Name : nats_.NormalizedStream.Name, $"ssmd-archiver-{s}")), ct);

        var reader = new ArchiveReader(new FolderObjectStore(store), world.Environment.Storage);
        var days = new[] { firstDay, DateOnly.FromDateTime(DateTime.UtcNow) }.Distinct().ToList();

        // Raw: every frame JetStream holds, once, byte for byte.
        var archived = new List<byte[]>();
        foreach (var day in days)
        {
            await foreach (var line in reader.ReadRawAsync(day, cancellationToken: ct))
                archived.Add(line.Data.ToArray());
        }

        // The connector's liveness probes go on while the archive is flushed, so their replies may be
        // archived after JetStream was read: beyond what JetStream held, only such replies may be there.
        var unmatched = archived.Select(Convert.ToBase64String).GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missing = 0;
        foreach (var frame in raw.Select(m => Convert.ToBase64String(m.Data)))
        {
            if (unmatched.GetValueOrDefault(frame) > 0)
                unmatched[frame]--;
            else
                missing++;
        }

        Assert.Equal(0, missing);
        var extra = unmatched.Where(e => e.Value > 0).SelectMany(e => Enumerable.Repeat(e.Key, e.Value))
            .Select(b => System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(b)).RootElement.GetProperty("type").GetString()).ToList();
        Assert.True(extra.Count <= 20 && extra.All(t => t is "ok" or "subscribed" or "list_subscriptions" or "error"),
            $"{extra.Count} archived frames JetStream did not hold when read: {string.Join(", ", extra.Take(10))}");

        // Normalized, read back from the files: books (YES terms) and trade counts equal the fold of the tape.
        var normalized = new List<JetStreamReader.RawMessage>();
        var trades = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var day in days)
        {
            await foreach (var e in reader.ReadNormalizedAsync(day, [NormalizedKind.Orderbook, NormalizedKind.Trade], cancellationToken: ct))
            {
                if (e.Kind == NormalizedKind.Trade)
                    trades[e.Ticker] = trades.GetValueOrDefault(e.Ticker) + 1;
                else
                    normalized.Add(new JetStreamReader.RawMessage(SsmdSubjects.Normalized("kalshi", e.Kind, e.Ticker), e.Message, null, 0));
            }
        }

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
            Assert.True(books.TryGetValue(market.Ticker, out var book), $"no archived book for {market.Ticker}");
            Assert.True(reference.SameAs(book), $"{market.Ticker}: archive {book} vs tape {reference}");
            Assert.Equal(market.Trades, trades.GetValueOrDefault(market.Ticker));
        }
    }
}
