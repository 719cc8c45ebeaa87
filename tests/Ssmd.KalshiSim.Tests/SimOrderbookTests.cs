using System.Net.Http.Json;
using System.Text.Json;
using Ssmd.Kalshi;
using Ssmd.Kalshi.Messages;

namespace Ssmd.KalshiSim.Tests;

public sealed class SimOrderbookTests
{
    [Fact(Timeout = 120_000)]
    public async Task Deltas_applied_to_snapshots_reproduce_the_ground_truth_for_1000_markets_over_100000_messages_with_and_without_use_yes_price()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync(new() { ["Markets"] = "1000" });
        var tickers = sim.Engine.Exchange.Markets.Select(m => m.Ticker).ToArray();
        using var plain = await sim.ConnectAsync(ct: ct);
        using var yes = await sim.ConnectAsync(ct: ct);
        var plainBooks = new BookRecorder(yesPrices: false);
        var yesBooks = new BookRecorder(yesPrices: true);
        foreach (var (client, flag) in new[] { (plain, false), (yes, true) })
        {
            await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["orderbook_delta"], tickers, useYesPrice: flag), ct);
            await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["ticker"], null), ct);
            await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["trade"], null), ct);
        }

        var readers = new[] { plainBooks.RunAsync(plain, ct), yesBooks.RunAsync(yes, ct) };
        using (var resume = await sim.Http.PutAsJsonAsync("/admin/load", new { paused = false }, ct))
        {
            resume.EnsureSuccessStatusCode();
        }

        while (Interlocked.Read(ref plainBooks.Messages) < 100_000 && !readers.Any(r => r.IsCompleted))
        {
            await Task.Delay(10, ct);
        }

        using (var pause = await sim.Http.PutAsJsonAsync("/admin/load", new { paused = true }, ct))
        {
            pause.EnsureSuccessStatusCode();
        }

        // list_subscriptions is answered after everything already queued: a barrier.
        await plain.SendAsync(KalshiCommandWriter.WriteListSubscriptions, ct);
        await yes.SendAsync(KalshiCommandWriter.WriteListSubscriptions, ct);
        await Task.WhenAll(readers);

        var truth = JsonDocument.Parse(await sim.Http.GetStringAsync("/admin/ground-truth", ct)).RootElement;
        Assert.True(plainBooks.Messages >= 100_000);
        Assert.True(plainBooks.Deltas > 50_000 && plainBooks.Trades > 1_000, $"{plainBooks.Deltas} deltas, {plainBooks.Trades} trades");
        foreach (var recorder in new[] { plainBooks, yesBooks })
        {
            Assert.Empty(recorder.Problems);
            Assert.Equal([1L, 3L], recorder.LastSeq.Keys.Order()); // orderbook and trade carry seq; ticker (sid 2) does not
            var checkedMarkets = 0;
            foreach (var market in truth.GetProperty("markets").EnumerateArray())
            {
                var ticker = market.GetProperty("ticker").GetString()!;
                var expected = new KalshiBook();
                expected.Replace(Levels(market.GetProperty("yes")), Levels(market.GetProperty("no")));
                Assert.True(recorder.Books.TryGetValue(ticker, out var rebuilt), $"no book for {ticker}");
                Assert.True(expected.SameLevelsAs(rebuilt), $"{ticker}: exchange {expected} but client {rebuilt}");
                if (recorder.LastTickers.TryGetValue(ticker, out var t))
                {
                    // The last ticker agrees with the book it summarises and with the exchange's volume.
                    Assert.Equal(expected.BestYesBid?.Price ?? KalshiPrice.Zero, t.YesBid);
                    Assert.Equal(expected.BestYesAsk?.Price ?? KalshiPrice.One, t.YesAsk);
                    Assert.Equal(KalshiSize.Parse(market.GetProperty("volume").GetString()!), t.Volume);
                }

                checkedMarkets++;
            }

            Assert.True(checkedMarkets >= 1000);
        }
    }

    private static List<KalshiLevel> Levels(JsonElement array) =>
        array.EnumerateArray().Select(l => new KalshiLevel(KalshiPrice.Parse(l[0].GetString()!), KalshiSize.Parse(l[1].GetString()!))).ToList();
}
