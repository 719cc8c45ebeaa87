using Ssmd.Kalshi;

namespace Ssmd.KalshiSim.Model;

internal sealed partial class SimExchange
{
    /// <summary>One order-flow action on a tradable market: add, cancel or take liquidity.</summary>
    private void Trade(SimMarket market, List<SimMessage> output)
    {
        var bestBid = market.Book.BestYesBid;
        var bestAsk = market.Book.BestYesAsk;

        // The fair value wanders, so books and prices move over a run.
        if (random.Next(8) == 0)
        {
            market.Fair = Math.Clamp(market.Fair + random.Next(-150, 151), 300, KalshiPrice.Scale - 300);
        }

        var roll = random.Next(100);
        if (roll < 45 || market.Book.Yes.Count + market.Book.No.Count < 4)
        {
            AddLiquidity(market, output);
        }
        else if (roll < 80)
        {
            Cancel(market, output);
        }
        else
        {
            Take(market, output);
        }

        if (market.Book.BestYesBid != bestBid || market.Book.BestYesAsk != bestAsk)
        {
            output.Add(TickerMessage(market));
        }
    }

    private void AddLiquidity(SimMarket market, List<SimMessage> output)
    {
        var side = random.Next(2) == 0 ? KalshiSide.Yes : KalshiSide.No;
        var fair = side == KalshiSide.Yes ? market.Fair : KalshiPrice.Scale - market.Fair;

        // A bid must stay below the other ladder's implied ask, or it would have traded.
        var other = side == KalshiSide.Yes ? market.Book.No.Best : market.Book.Yes.Best;
        var ceiling = other is { } o ? KalshiPrice.Scale - o.Price.Units - 1 : KalshiPrice.Scale - 1;
        var price = market.Grid.Below(Math.Min(fair - 50, ceiling), random.Next(12));
        if (price > ceiling || price <= 0)
        {
            return;
        }

        var size = random.Next(5) == 0 ? random.Next(1, 5_000) : (1 + random.Next(200)) * 100;
        ApplyDelta(market, side, new KalshiPrice(price), new KalshiSize(size), output);
    }

    private void Cancel(SimMarket market, List<SimMessage> output)
    {
        var side = random.Next(2) == 0 ? KalshiSide.Yes : KalshiSide.No;
        var ladder = market.Book[side];
        if (ladder.Count == 0)
        {
            return;
        }

        var level = ladder.FromBest(random.Next(ladder.Count));
        var size = random.Next(3) == 0 ? level.Size.Units : Math.Max(1, level.Size.Units * random.Next(1, 100) / 100);
        ApplyDelta(market, side, level.Price, new KalshiSize(-size), output);
    }

    /// <summary>A marketable order: it consumes the best levels of the opposite ladder, one trade per level.</summary>
    private void Take(SimMarket market, List<SimMessage> output)
    {
        // Buying YES lifts NO bids (a NO bid at p is a YES ask at 1 − p); buying NO hits YES bids.
        var taker = random.Next(2) == 0 ? KalshiSide.Yes : KalshiSide.No;
        var maker = taker == KalshiSide.Yes ? KalshiSide.No : KalshiSide.Yes;
        var ladder = market.Book[maker];
        if (ladder.Count == 0)
        {
            return;
        }

        var depth = Math.Min(ladder.Count, 1 + random.Next(3));
        long available = 0;
        for (var i = 0; i < depth; i++)
        {
            available += ladder.FromBest(i).Size.Units;
        }

        var remaining = Math.Max(1, available * random.Next(10, 101) / 100);
        while (remaining > 0 && ladder.Count > 0)
        {
            var level = ladder.FromBest(0);
            var fill = Math.Min(remaining, level.Size.Units);
            remaining -= fill;
            var yesPrice = maker == KalshiSide.No ? level.Price.Complement : level.Price;
            ApplyDelta(market, maker, level.Price, new KalshiSize(-fill), output);
            RecordTrade(market, yesPrice, new KalshiSize(fill), taker, output);
        }

        market.Fair = Math.Clamp((market.Fair + market.LastPrice.Units) / 2, 300, KalshiPrice.Scale - 300);
    }

    /// <summary>
    /// A resting order at an exact price and size (an admin action for tests): true when it rests; false
    /// when the price is off the market's grid or would cross the other side.
    /// </summary>
    public bool Rest(SimMarket market, KalshiSide side, KalshiPrice price, KalshiSize size, List<SimMessage> output)
    {
        var other = side == KalshiSide.Yes ? market.Book.No.Best : market.Book.Yes.Best;
        var ceiling = other is { } o ? KalshiPrice.Scale - o.Price.Units - 1 : KalshiPrice.Scale - 1;
        if (!market.Grid.IsValid(price.Units) || price.Units > ceiling || size.Units <= 0)
        {
            return false;
        }

        var bestBid = market.Book.BestYesBid;
        var bestAsk = market.Book.BestYesAsk;
        ApplyDelta(market, side, price, size, output);
        if (market.Book.BestYesBid != bestBid || market.Book.BestYesAsk != bestAsk)
        {
            output.Add(TickerMessage(market));
        }

        return true;
    }

    /// <summary>A trade print at an exact YES price and count (an admin action for tests; the book is left as it is).</summary>
    public void Print(SimMarket market, KalshiPrice yesPrice, KalshiSize count, KalshiSide taker, List<SimMessage> output) =>
        RecordTrade(market, yesPrice, count, taker, output);

    private void ApplyDelta(SimMarket market, KalshiSide side, KalshiPrice price, KalshiSize delta, List<SimMessage> output)
    {
        market.Book.Apply(side, price, delta);
        output.Add(DeltaMessage(market, side, price, delta));
    }

    private void RecordTrade(SimMarket market, KalshiPrice yesPrice, KalshiSize count, KalshiSide taker, List<SimMessage> output)
    {
        tradeNumber++;
        market.TradeCount++;
        market.LastPrice = yesPrice;
        market.LastTradeSize = count;
        market.Volume += count;
        market.OpenInterest += count;
        market.NotionalUnits += yesPrice.Units * count.Units;
        var record = new SimTradeRecord(tradeNumber, TradeId(), market.Ticker, yesPrice, count, taker, NowMs);
        Remember(record);
        output.Add(TradeMessage(market, record));
    }

    /// <summary>Keeps a trade for REST <c>/markets/trades</c> (at most the configured history).</summary>
    private void Remember(SimTradeRecord record)
    {
        trades.Add(record);
        if (trades.Count > tradeHistory)
        {
            // Drop the oldest tenth at once so trimming stays cheap.
            trades.RemoveRange(0, tradeHistory / 10);
        }
    }

    /// <summary>Trade ids look like Kalshi's: UUID-shaped, with arbitrary version and variant nibbles.</summary>
    private string TradeId() => new Guid(RandomBytes()).ToString();
}
