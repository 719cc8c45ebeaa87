using System.Text.Json;
using Ssmd.Kalshi;
using Ssmd.Kalshi.Messages;
using Ssmd.KalshiSim.Model;

namespace Ssmd.KalshiSim.Tests;

public sealed class SimExchangeTests
{
    private static readonly long Start = DateTimeOffset.Parse("2026-11-24T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static SimExchange Exchange(int seed, int markets = 200, double msPerStep = 1) => new(new SimExchangeSettings(seed, markets, Start, msPerStep));

    private static List<byte[]> Run(SimExchange exchange, int steps)
    {
        var output = new List<SimMessage>();
        for (var i = 0; i < steps; i++)
        {
            exchange.Step(output);
        }

        return output.Select(m => (byte[])[.. m.Type, (byte)' ', .. m.Body]).ToList();
    }

    [Fact]
    public void The_same_seed_gives_the_same_stream_and_another_seed_another()
    {
        var a = Run(Exchange(7), 20_000);
        var b = Run(Exchange(7), 20_000);
        var c = Run(Exchange(8), 20_000);
        Assert.Equal(a.Count, b.Count);
        Assert.True(a.Zip(b).All(p => p.First.AsSpan().SequenceEqual(p.Second)));
        Assert.False(a.Count == c.Count && a.Zip(c).All(p => p.First.AsSpan().SequenceEqual(p.Second)));
    }

    [Fact]
    public void Every_delta_and_trade_price_lies_on_its_markets_price_grid_and_books_never_cross()
    {
        var exchange = Exchange(3, 500);
        var output = new List<SimMessage>();
        var grids = new HashSet<string>();
        for (var i = 0; i < 20_000; i++)
        {
            output.Clear();
            exchange.Step(output);
            foreach (var message in output.Where(m => m.Market is not null))
            {
                var market = message.Market!;
                grids.Add(market.Grid.Structure);
                switch (KalshiFrameReader.Read([.. "{\"type\":\""u8, .. message.Type, .. "\",\"msg\":"u8, .. message.Body, (byte)'}']).Message)
                {
                    case KalshiOrderbookDelta d:
                        Assert.True(market.Grid.IsValid(d.Price.Units), $"{d.Price} is off the {market.Grid.Structure} grid");
                        break;
                    case KalshiTrade t:
                        Assert.True(market.Grid.IsValid(t.YesPrice.Units) || market.Grid.IsValid(t.NoPrice.Units));
                        break;
                }

                if (market.Book.BestYesBid is { } bid && market.Book.BestYesAsk is { } ask)
                {
                    Assert.True(bid.Price < ask.Price, $"{market.Ticker} crossed: bid {bid.Price} ask {ask.Price}");
                }
            }
        }

        Assert.Contains("linear_cent", grids);
        Assert.Contains("deci_cent", grids);
        Assert.Contains("tapered_deci_cent", grids);
        Assert.Contains("center_deci_edge_centi_cent", grids);
    }

    [Fact]
    public void A_trade_takes_exactly_what_its_delta_removes_from_the_resting_level()
    {
        var exchange = Exchange(5);
        var output = new List<SimMessage>();
        var trades = 0;
        for (var i = 0; i < 20_000; i++)
        {
            output.Clear();
            exchange.Step(output);
            for (var k = 1; k < output.Count; k++)
            {
                if (output[k].Channel != SimChannel.Trade)
                {
                    continue;
                }

                // Each fill is a negative delta on the maker ladder immediately followed by its trade.
                var trade = (KalshiTrade)Parse(output[k]);
                var delta = (KalshiOrderbookDelta)Parse(output[k - 1]);
                Assert.Equal(-trade.Count.Units, delta.Delta.Units);
                var makerPrice = delta.Side == KalshiSide.No ? delta.Price.Complement : delta.Price;
                Assert.Equal(trade.YesPrice, makerPrice);
                Assert.Equal(trade.TakerOutcomeSide == KalshiSide.Yes ? KalshiSide.No : KalshiSide.Yes, delta.Side);
                trades++;
            }
        }

        Assert.True(trades > 500);
    }

    [Fact]
    public void The_rolling_gold_windows_close_determine_settle_and_create_the_next_window()
    {
        // 250 ms of exchange time per step: 4 steps a second, an hour in 14,400 steps.
        var exchange = Exchange(9, 50, msPerStep: 250);
        var output = new List<SimMessage>();
        for (var i = 0; i < 14_400; i++)
        {
            exchange.Step(output);
        }

        var lifecycle = output.Where(m => m.Channel == SimChannel.MarketLifecycle).Select(Parse).ToList();
        var gold = lifecycle.OfType<KalshiMarketLifecycle>().Where(l => l.MarketTicker.StartsWith("KXGOLD15M", StringComparison.Ordinal)).ToList();
        Assert.Contains(gold, l => l.EventType == "created" && l.AdditionalMetadata is not null && l.PriceRanges is { Count: > 0 });
        Assert.Contains(gold, l => l.EventType == "determined" && l.Result is "yes" or "no" && l.SettlementValue is not null);
        Assert.Contains(gold, l => l.EventType == "settled" && l.SettledTs is not null);
        Assert.Contains(lifecycle, m => m is KalshiEventLifecycle e && e.SeriesTicker == "KXGOLD15M");
        Assert.DoesNotContain(gold, l => l.EventType is "activated" && l.IsDeactivated != false);

        // At close the book empties with an unasked empty snapshot.
        var closedTicker = gold.First(l => l.EventType == "determined").MarketTicker;
        var snapshots = output.Where(m => m.Market?.Ticker == closedTicker && m.Type.AsSpan().SequenceEqual("orderbook_snapshot"u8)).Select(Parse).Cast<KalshiOrderbookSnapshot>().ToList();
        Assert.Contains(snapshots, s => s.Yes.Count == 0 && s.No.Count == 0);
    }

    private static object Parse(SimMessage m) =>
        KalshiFrameReader.Read([.. "{\"type\":\""u8, .. m.Type, .. "\",\"sid\":1,\"msg\":"u8, .. m.Body, (byte)'}']).Message!;

    [Fact]
    public void Pauses_and_close_date_changes_are_announced_with_their_fields()
    {
        var exchange = new SimExchange(new SimExchangeSettings(11, 200, Start, 1, PauseProbability: 0.01, CloseDateChangeProbability: 0.01));
        var output = new List<SimMessage>();
        for (var i = 0; i < 5_000; i++)
        {
            exchange.Step(output);
        }

        var events = output.Where(m => m.Channel == SimChannel.MarketLifecycle).Select(Parse).OfType<KalshiMarketLifecycle>().ToList();
        Assert.Contains(events, e => e is { EventType: "deactivated", IsDeactivated: true });
        Assert.Contains(events, e => e is { EventType: "activated", IsDeactivated: false });
        Assert.Contains(events, e => e.EventType == "close_date_updated" && e.CloseTs > Start / 1000);
        using var doc = JsonDocument.Parse(output.First(m => m.Channel == SimChannel.MarketLifecycle).Body);
        Assert.True(doc.RootElement.TryGetProperty("event_type", out _));
    }
}
