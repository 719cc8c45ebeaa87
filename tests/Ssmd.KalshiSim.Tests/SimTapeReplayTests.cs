using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Ssmd.Kalshi.Messages;
using Ssmd.Testing.Tape;

namespace Ssmd.KalshiSim.Tests;

/// <summary>The simulator replaying real captures (the recorder's gzip layout) to real WebSocket clients, judged by <see cref="TapeFold"/>.</summary>
public sealed class SimTapeReplayTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"ssmd-tape-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private List<string> WriteCapture(int markets, int frames) => TapeFiles.CopyFirst(TapeFiles.Gold().Take(markets), folder, frames);

    private static async Task UntilAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(5, ct);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_replayed_tapes_trades_are_served_over_REST_with_their_own_ids_times_sizes_and_prices_as_the_reference_fold_counts_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var files = WriteCapture(markets: 2, frames: 8_000);
        var expected = TapeFold.Fold(files);
        Assert.All(expected.Markets.Values, m => Assert.True(m.Trades > 0, m.Ticker));
        await using var sim = await SimServer.StartAsync(new() { ["Replay:Path"] = folder, ["Replay:Speed"] = "0" });
        (await sim.Http.PutAsJsonAsync("/admin/load", new { paused = false }, ct)).EnsureSuccessStatusCode();
        while (!sim.Engine.Replay!.Ended)
        {
            await Task.Delay(20, ct);
        }

        // Every trade, newest first, paged: a client that lost its connection backfills what it missed from here.
        var trades = new List<Ssmd.Kalshi.Rest.KalshiRestTrade>();
        var cursor = "";
        do
        {
            using var response = await sim.Http.GetAsync("/trade-api/v2/markets/trades?limit=1000" + (cursor.Length > 0 ? "&cursor=" + cursor : ""), ct);
            var page = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(Ssmd.Kalshi.Rest.KalshiJsonContext.Default.KalshiTradesPage, ct);
            trades.AddRange(page!.Trades);
            cursor = page.Cursor;
        }
        while (cursor.Length > 0);

        var tape = files.SelectMany(TapeFold.ReadLines).Where(l => l.Contains("\"type\":\"trade\"", StringComparison.Ordinal))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("msg"))
            .ToDictionary(m => m.GetProperty("trade_id").GetString()!, m => m.GetProperty("ts_ms").GetInt64(), StringComparer.Ordinal);
        Assert.Equal(tape.Count, trades.Select(t => t.TradeId).Distinct().Count());
        Assert.All(trades, t => Assert.Equal(tape[t.TradeId], t.CreatedTime.ToUnixTimeMilliseconds()));
        foreach (var market in expected.Markets.Values)
        {
            var mine = trades.Where(t => t.Ticker == market.Ticker).ToList();
            Assert.Equal(
                (market.Trades, market.TradedSize, market.Notional),
                (mine.Count, mine.Sum(t => t.CountFp.Units), mine.Sum(t => t.YesPriceDollars.Units * t.CountFp.Units)));
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Replayed_captures_rebuild_the_reference_books_and_trades_with_contiguous_seq_per_sid_also_for_a_client_joining_mid_tape()
    {
        var ct = TestContext.Current.CancellationToken;
        var files = WriteCapture(markets: 3, frames: 12_000);
        var expected = TapeFold.Fold(files);
        Assert.Equal(3, expected.Markets.Count);
        Assert.All(expected.Markets.Values, m => Assert.True(m.Yes.Count + m.No.Count > 0 && m.Trades > 0, m.Ticker));

        await using var sim = await SimServer.StartAsync(new() { ["Replay:Path"] = folder, ["Replay:Speed"] = "0" });
        var tickers = expected.Markets.Keys.ToList();

        // Before the tape plays, REST already lists its markets as open (a connector discovers them there).
        using (var response = await sim.Http.GetAsync("/trade-api/v2/markets?limit=1000&status=open", ct))
        {
            var page = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(Ssmd.Kalshi.Rest.KalshiJsonContext.Default.KalshiMarketsPage, ct);
            Assert.Equal(tickers.Order(StringComparer.Ordinal), page!.Markets.Select(m => m.Ticker).Order(StringComparer.Ordinal));
        }

        // The first client is there from the start; the second subscribes once a third of the tape has played.
        using var early = await sim.ConnectAsync(ct: ct);
        await early.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["orderbook_delta"], tickers, useYesPrice: false), ct);
        await early.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["trade"], null), ct);
        var earlyBooks = new BookRecorder(yesPrices: false);
        var earlyRun = earlyBooks.RunAsync(early, ct);
        using var late = await sim.ConnectAsync(ct: ct);
        var lateBooks = new BookRecorder(yesPrices: false);
        await UntilAsync(() => Volatile.Read(ref earlyBooks.Subscribed) == 2, ct);

        (await sim.Http.PutAsJsonAsync("/admin/load", new { paused = false }, ct)).EnsureSuccessStatusCode();
        while (sim.Engine.Replay!.Frames < 12_000)
        {
            await Task.Delay(5, ct);
        }

        await late.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["orderbook_delta"], tickers, useYesPrice: false), ct);
        var lateRun = lateBooks.RunAsync(late, ct);
        while (!sim.Engine.Replay.Ended)
        {
            await Task.Delay(20, ct);
        }

        // Barrier: list_subscriptions is answered after every frame already queued.
        await early.SendAsync(KalshiCommandWriter.WriteListSubscriptions, ct);
        await late.SendAsync(KalshiCommandWriter.WriteListSubscriptions, ct);
        await Task.WhenAll(earlyRun, lateRun).WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.Equal(36_000, sim.Engine.Replay.Frames);
        Assert.Equal(0, sim.Engine.Replay.BadLines);
        foreach (var (recorder, who) in new[] { (earlyBooks, "early"), (lateBooks, "late") })
        {
            Assert.Empty(recorder.Problems);
            foreach (var market in expected.Markets.Values)
            {
                Assert.True(recorder.Books.TryGetValue(market.Ticker, out var book), $"{who}: no book for {market.Ticker}");
                Assert.Equal(market.BookText(), book.ToString());
            }
        }

        Assert.Equal(expected.Markets.Values.Sum(m => m.Deltas), earlyBooks.Deltas);
        Assert.Equal(expected.Markets.Values.Sum(m => m.Trades), earlyBooks.Trades);
        Assert.True(lateBooks.Deltas < earlyBooks.Deltas, "the late client joined mid-tape");
    }

    private sealed record ReplayProgress(long Frames, bool Ended, bool Holding);

    [Fact(Timeout = 120_000)]
    public async Task Held_at_three_exchange_times_and_at_the_end_a_client_holds_the_reference_fold_at_that_time()
    {
        var ct = TestContext.Current.CancellationToken;
        var files = WriteCapture(markets: 3, frames: 12_000);
        long?[] holds = [TapeFold.CleanCut(files, 0.25), TapeFold.CleanCut(files, 0.5), TapeFold.CleanCut(files, 0.75), null];

        await using var sim = await SimServer.StartAsync(new() { ["Replay:Path"] = folder, ["Replay:Speed"] = "0" });
        (await sim.Http.PutAsJsonAsync("/admin/replay", new { holdAfterMs = holds[0] }, ct)).EnsureSuccessStatusCode();
        using var client = await sim.ConnectAsync(ct: ct);
        var tickers = TapeFold.Fold(files).Markets.Keys.ToList();
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["orderbook_delta"], tickers, useYesPrice: false), ct);
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["trade"], null), ct);
        var books = new BookRecorder(yesPrices: false);
        var run = books.RunAsync(client, ct);
        await UntilAsync(() => Volatile.Read(ref books.Subscribed) == 2, ct);
        (await sim.Http.PutAsJsonAsync("/admin/load", new { paused = false }, ct)).EnsureSuccessStatusCode();

        foreach (var hold in holds)
        {
            (await sim.Http.PutAsJsonAsync("/admin/replay", new { holdAfterMs = hold }, ct)).EnsureSuccessStatusCode();
            while (await sim.Http.GetFromJsonAsync<ReplayProgress>("/admin/replay", ct) is not ({ Holding: true } or { Ended: true }))
            {
                await Task.Delay(10, ct);
            }

            await client.SendAsync(KalshiCommandWriter.WriteListSubscriptions, ct);
            await run.WaitAsync(TimeSpan.FromSeconds(60), ct);

            var expected = TapeFold.Fold(files, hold ?? long.MaxValue);
            Assert.Empty(books.Problems);
            foreach (var ticker in tickers)
            {
                var want = expected.Markets.TryGetValue(ticker, out var market) ? market.BookText() : "yes[] no[]";
                Assert.Equal(want, books.Books.TryGetValue(ticker, out var book) ? book.ToString() : "yes[] no[]");
            }

            Assert.Equal(expected.Markets.Values.Sum(m => m.Trades), books.Trades);
            Assert.Equal(expected.Markets.Values.Sum(m => m.Deltas), books.Deltas);
            if (hold is not null)
            {
                run = books.RunAsync(client, ct);
            }
        }

        Assert.True(sim.Engine.Replay!.Ended);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_raw_archive_split_by_type_and_hour_replays_in_receive_order_to_the_reference_books()
    {
        // ssmd's raw layout: YYYY/MM/DD/{type}-{HH}.jsonl.zst, lines {"ts","type","data"}; plus a rejected file to ignore.
        var captures = TapeFiles.Gold().Take(2).ToList();
        var expected = new TapeFold();
        var writers = new Dictionary<string, ZstdSharp.CompressionStream>(StringComparer.Ordinal);
        try
        {
            foreach (var source in captures)
            {
                var lines = TapeFold.ReadLines(source).Take(8_000).ToList();
                expected.FoldLines(lines);
                foreach (var line in lines)
                {
                    using var doc = System.Text.Json.JsonDocument.Parse(line);
                    var recv = doc.RootElement.GetProperty("recv_ms").GetInt64();
                    var frame = doc.RootElement.GetProperty("event");
                    var type = frame.GetProperty("type").GetString()!;
                    var at = DateTimeOffset.FromUnixTimeMilliseconds(recv);
                    var file = Path.Combine(folder, at.ToString("yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture), $"{type}-{at.Hour:D2}.jsonl.zst");
                    if (!writers.TryGetValue(file, out var zstd))
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                        writers[file] = zstd = new ZstdSharp.CompressionStream(File.Create(file), leaveOpen: false);
                    }

                    zstd.Write(Encoding.UTF8.GetBytes($"{{\"ts\":{recv},\"type\":\"{type}\",\"data\":{frame.GetRawText()}}}\n"));
                }
            }
        }
        finally
        {
            foreach (var zstd in writers.Values)
            {
                zstd.Dispose();
            }
        }

        var day = Path.GetDirectoryName(writers.Keys.First())!;
        using (var rejected = new ZstdSharp.CompressionStream(File.Create(Path.Combine(day, "_rejected-kalshi.jsonl.zst")), leaveOpen: false))
        {
            rejected.Write("not a frame\n"u8);
        }

        Assert.True(writers.Count >= 3, "the archive is split by type");

        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync(new() { ["Replay:Path"] = folder, ["Replay:Speed"] = "0" });
        using var client = await sim.ConnectAsync(ct: ct);
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["orderbook_delta"], [.. expected.Markets.Keys], useYesPrice: false), ct);
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["trade"], null), ct);
        var books = new BookRecorder(yesPrices: false);
        var run = books.RunAsync(client, ct);
        await UntilAsync(() => Volatile.Read(ref books.Subscribed) == 2, ct);
        (await sim.Http.PutAsJsonAsync("/admin/load", new { paused = false }, ct)).EnsureSuccessStatusCode();
        while (!sim.Engine.Replay!.Ended)
        {
            await Task.Delay(20, ct);
        }

        await client.SendAsync(KalshiCommandWriter.WriteListSubscriptions, ct);
        await run.WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.Equal(16_000, sim.Engine.Replay.Frames);
        Assert.Equal(0, sim.Engine.Replay.BadLines);
        Assert.Empty(books.Problems);
        foreach (var market in expected.Markets.Values)
        {
            Assert.Equal(market.BookText(), books.Books[market.Ticker].ToString());
        }

        Assert.Equal(expected.Markets.Values.Sum(m => m.Trades), books.Trades);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_recorded_pace_is_kept_on_the_exchange_clock_and_long_gaps_are_cut_to_MaxGapSeconds()
    {
        // Three trades: 0 ms, +400 ms, then a 10-minute gap. At 2x with gaps cut to 0.5 s: 200 ms + 250 ms.
        Directory.CreateDirectory(folder);
        const long t0 = 1_785_901_540_000;
        string Trade(long ts, int n) =>
            "{\"recv_ms\":" + (ts + 7) + ",\"event\":{\"type\":\"trade\",\"sid\":2,\"seq\":" + (900 + n) + ",\"msg\":{\"trade_id\":\"t" + n +
            "\",\"market_ticker\":\"KXGOLD15M-26AUG050000-00\",\"yes_price_dollars\":\"0.6800\",\"no_price_dollars\":\"0.3200\",\"count_fp\":\"1.00\",\"taker_side\":\"yes\",\"ts\":" + (ts / 1000) + ",\"ts_ms\":" + ts + "}}}";
        File.WriteAllLines(Path.Combine(folder, "tape.ndjson"), [Trade(t0, 1), Trade(t0 + 400, 2), Trade(t0 + 600_400, 3)]);

        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync(new() { ["Replay:Path"] = folder, ["Replay:Speed"] = "2", ["Replay:MaxGapSeconds"] = "0.5" });
        using var client = await sim.ConnectAsync(ct: ct);
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["trade"], null), ct);
        await client.ReceiveUntilAsync(f => f.Type == KalshiMessageType.Subscribed, ct);
        (await sim.Http.PutAsJsonAsync("/admin/load", new { paused = false }, ct)).EnsureSuccessStatusCode();

        var arrivals = new List<(long Seq, double Ms)>();
        var clock = Stopwatch.StartNew();
        while (arrivals.Count < 3)
        {
            var frame = await client.ReceiveAsync(ct);
            if (frame.Type == KalshiMessageType.Trade)
            {
                arrivals.Add((frame.Seq!.Value, clock.Elapsed.TotalMilliseconds));
            }
        }

        // The simulator's own seq, not the recording's 901…903.
        Assert.Equal([1L, 2L, 3L], arrivals.Select(a => a.Seq));
        // Paced from the first frame: the second at 200 ms, the third at 200 + 250 ms (not 5 minutes).
        Assert.InRange(arrivals[1].Ms - arrivals[0].Ms, 150, 1_500);
        Assert.InRange(arrivals[2].Ms - arrivals[0].Ms, 400, 2_000);
    }
}
