using Ssmd.Capnp.Tests.Support;
using Ssmd.Normalized;

namespace Ssmd.Capnp.Tests.Models;

public sealed record TradeModel(string? Ticker, long ExchangeTime, long ReceiveTime, ulong Sequence, string? TradeId, long Price, long Size, Side TakerSide, bool IsBlockTrade)
{
    public static TradeModel Random(Values v) =>
        new(v.Text(), v.Long(), v.Long(), v.ULong(), v.Text(), v.Price(), v.Size(), v.Enum<Side>(), v.Bool());

    public void Build(Trade.Builder b)
    {
        if (Ticker is not null)
        {
            b.SetTicker(Ticker);
        }

        b.ExchangeTime = ExchangeTime;
        b.ReceiveTime = ReceiveTime;
        b.Sequence = Sequence;
        if (TradeId is not null)
        {
            b.SetTradeId(TradeId);
        }

        b.Price = Price;
        b.Size = Size;
        b.TakerSide = TakerSide;
        b.IsBlockTrade = IsBlockTrade;
    }

    public static TradeModel From(Trade.Reader r) => new(
        r.HasTicker ? r.Ticker.ToString() : null, r.ExchangeTime, r.ReceiveTime, r.Sequence,
        r.HasTradeId ? r.TradeId.ToString() : null, r.Price, r.Size, r.TakerSide, r.IsBlockTrade);

    public string ToText() => CapnpText.Struct(
        ("ticker", CapnpText.Text(Ticker)),
        ("exchangeTime", CapnpText.Int(ExchangeTime)),
        ("receiveTime", CapnpText.Int(ReceiveTime)),
        ("sequence", CapnpText.UInt(Sequence)),
        ("tradeId", CapnpText.Text(TradeId)),
        ("price", CapnpText.Int(Price)),
        ("size", CapnpText.Int(Size)),
        ("takerSide", CapnpText.Enum(TakerSide)),
        ("isBlockTrade", CapnpText.Bool(IsBlockTrade)));
}
