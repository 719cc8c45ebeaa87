using Ssmd.Capnp.Tests.Support;
using Ssmd.Normalized;

namespace Ssmd.Capnp.Tests.Models;

public sealed record DeltaModel(string? Ticker, long ExchangeTime, long ReceiveTime, ulong Sequence, BookSide Side, long Price, long Delta, long NewSize, string? MarketId)
{
    public static DeltaModel Random(Values v) =>
        new(v.Text(), v.Long(), v.Long(), v.ULong(), v.Enum<BookSide>(), v.Price(), v.Long(), v.Size(), v.Text());

    public void Build(OrderBookDelta.Builder b)
    {
        if (Ticker is not null)
        {
            b.SetTicker(Ticker);
        }

        b.ExchangeTime = ExchangeTime;
        b.ReceiveTime = ReceiveTime;
        b.Sequence = Sequence;
        b.Side = Side;
        b.Price = Price;
        b.Delta = Delta;
        b.NewSize = NewSize;
        if (MarketId is not null)
        {
            b.SetMarketId(MarketId);
        }
    }

    public static DeltaModel From(OrderBookDelta.Reader r) => new(
        r.HasTicker ? r.Ticker.ToString() : null, r.ExchangeTime, r.ReceiveTime, r.Sequence, r.Side, r.Price, r.Delta, r.NewSize,
        r.HasMarketId ? r.MarketId.ToString() : null);

    public string ToText() => CapnpText.Struct(
        ("ticker", CapnpText.Text(Ticker)),
        ("exchangeTime", CapnpText.Int(ExchangeTime)),
        ("receiveTime", CapnpText.Int(ReceiveTime)),
        ("sequence", CapnpText.UInt(Sequence)),
        ("side", CapnpText.Enum(Side)),
        ("price", CapnpText.Int(Price)),
        ("delta", CapnpText.Int(Delta)),
        ("newSize", CapnpText.Int(NewSize)),
        ("marketId", CapnpText.Text(MarketId)));
}
