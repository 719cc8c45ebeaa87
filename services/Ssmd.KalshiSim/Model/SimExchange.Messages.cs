using Ssmd.Kalshi;
using Ssmd.Kalshi.Messages;

namespace Ssmd.KalshiSim.Model;

internal sealed partial class SimExchange
{
    /// <summary>
    /// Build the <c>use_yes_price</c> variant of NO-side deltas (set, on the engine loop, as soon as one
    /// such subscription exists; messages are delivered in the loop turn that built them, so none is missed).
    /// </summary>
    public bool YesBodies { get; set; }

    /// <summary>Build the pre-2026-03 bodies too (only while the legacy-shape fault is on: it costs a third more work).</summary>
    public bool LegacyBodies { get; set; }

    private SimMessage DeltaMessage(SimMarket market, KalshiSide side, KalshiPrice price, KalshiSize delta)
    {
        var body = Body(w => KalshiFrameWriter.WriteDeltaBody(w, market.Ticker, market.Id, price, delta, side, NowMs, yesPrices: false));
        return new SimMessage(SimChannel.OrderbookDelta, market, SimMessage.Types.OrderbookDelta, body)
        {
            YesBody = side != KalshiSide.No ? body
                : YesBodies ? Body(w => KalshiFrameWriter.WriteDeltaBody(w, market.Ticker, market.Id, price, delta, side, NowMs, yesPrices: true))
                : null,
            LegacyBody = LegacyBodies && WholeCents(price) && WholeContracts(delta) ? Body(w => KalshiFrameWriter.WriteLegacyDeltaBody(w, market.Ticker, market.Id, price, delta, side)) : null,
        };
    }

    /// <summary>An <c>orderbook_delta</c> body (replay re-encodes NO-side deltas for YES-priced subscribers).</summary>
    public byte[] DeltaBody(SimMarket market, KalshiSide side, KalshiPrice price, KalshiSize delta, long tsMs, bool yesPrices) =>
        Body(w => KalshiFrameWriter.WriteDeltaBody(w, market.Ticker, market.Id, price, delta, side, tsMs, yesPrices));

    /// <summary>A snapshot of the market's book as it stands (the caller sends it on a subscription).</summary>
    public SimMessage SnapshotMessage(SimMarket market) =>
        new(SimChannel.OrderbookDelta, market, SimMessage.Types.OrderbookSnapshot, Body(w => KalshiFrameWriter.WriteSnapshotBody(w, market.Ticker, market.Id, market.Book, yesPrices: false)))
        {
            YesBody = Body(w => KalshiFrameWriter.WriteSnapshotBody(w, market.Ticker, market.Id, market.Book, yesPrices: true)),
        };

    public KalshiTicker Ticker(SimMarket market)
    {
        var bid = market.Book.BestYesBid;
        var ask = market.Book.BestYesAsk;
        return new KalshiTicker(
            market.Ticker,
            market.Id,
            market.LastPrice,
            bid?.Price ?? KalshiPrice.Zero,
            ask?.Price ?? KalshiPrice.One,
            bid?.Size ?? KalshiSize.Zero,
            ask?.Size ?? KalshiSize.Zero,
            market.LastTradeSize,
            market.Volume,
            market.OpenInterest,
            market.NotionalUnits / 1_000_000,
            market.OpenInterest.Units * market.LastPrice.Units / 1_000_000,
            NowMs,
            null,
            null);
    }

    public SimMessage TickerMessage(SimMarket market)
    {
        var ticker = Ticker(market);
        return new SimMessage(SimChannel.Ticker, market, SimMessage.Types.Ticker, Body(w => KalshiFrameWriter.WriteTickerBody(w, ticker)))
        {
            LegacyBody = LegacyBodies && WholeCents(ticker.Price) && WholeCents(ticker.YesBid) && WholeCents(ticker.YesAsk) && WholeContracts(ticker.Volume) && WholeContracts(ticker.OpenInterest)
                ? Body(w => KalshiFrameWriter.WriteLegacyTickerBody(w, ticker)) : null,
        };
    }

    private SimMessage TradeMessage(SimMarket market, SimTradeRecord t)
    {
        var trade = new KalshiTrade(t.TradeId, market.Ticker, t.YesPrice, t.YesPrice.Complement, t.Count, t.TakerOutcomeSide, null, null, false, t.TsMs, null);
        return new SimMessage(SimChannel.Trade, market, SimMessage.Types.Trade, Body(w => KalshiFrameWriter.WriteTradeBody(w, trade)))
        {
            LegacyBody = LegacyBodies && WholeCents(trade.YesPrice) && WholeContracts(trade.Count) ? Body(w => KalshiFrameWriter.WriteLegacyTradeBody(w, trade)) : null,
        };
    }

    // The pre-2026-03 shapes carry integer cents and contracts: a sub-cent price or a fractional size has
    // no legacy shape (Kalshi had neither then), so such messages are always sent in today's shape.
    private static bool WholeCents(KalshiPrice? price) => price is not { } p || p.Units % 100 == 0;

    private static bool WholeContracts(KalshiSize? size) => size is not { } s || s.Units % KalshiSize.Scale == 0;

    private SimMessage LifecycleMessage(SimMarket market, KalshiMarketLifecycle lifecycle) =>
        new(SimChannel.MarketLifecycle, market, SimMessage.Types.MarketLifecycle, Body(w => KalshiFrameWriter.WriteLifecycleBody(w, lifecycle)));
}
