using Ssmd.Capnp.Tests.Schema;
using Ssmd.Normalized;

namespace Ssmd.Capnp.Tests.Support;

/// <summary>Reads every field of a message, recursively, without allocating; returns a checksum so nothing is skipped.</summary>
public static class Walk
{
    public static long Text(Text text) => text.Length + (text.IsEmpty ? 0 : text.Span[0]);

    public static long Trade(Trade.Reader t) =>
        Text(t.Ticker) + t.ExchangeTime + t.ReceiveTime + (long)t.Sequence + Text(t.TradeId) + t.Price + t.Size + (long)t.TakerSide + (t.IsBlockTrade ? 1 : 0);

    public static long Levels(StructList<Level.Reader> levels)
    {
        long sum = levels.Count;
        foreach (Level.Reader level in levels)
        {
            sum += level.Price + level.Size;
        }

        return sum;
    }

    public static long Snapshot(OrderBookSnapshot.Reader s) =>
        Text(s.Ticker) + s.ExchangeTime + s.ReceiveTime + (long)s.Sequence + Levels(s.Bids) + Levels(s.Asks) + Text(s.MarketId);

    public static long Delta(OrderBookDelta.Reader d) =>
        Text(d.Ticker) + d.ExchangeTime + d.ReceiveTime + (long)d.Sequence + (long)d.Side + d.Price + d.Delta + d.NewSize + Text(d.MarketId);

    public static long Update(OrderBookUpdate.Reader u) => u.Which switch
    {
        OrderBookUpdate.Which.Snapshot => Snapshot(u.Snapshot),
        OrderBookUpdate.Which.Delta => Delta(u.Delta),
        _ => (long)u.Which,
    };

    public static long Status(MarketStatus.Reader s)
    {
        MarketStatus.Details.Reader d = s.Details;
        long sum = Text(s.Ticker) + s.ExchangeTime + s.ReceiveTime + (long)s.Sequence + (long)s.Status + (long)s.Event + Text(s.RawEventType) + (long)d.Which;
        return sum + d.Which switch
        {
            MarketStatus.Details.Which.Created => d.Created.OpenTime + d.Created.CloseTime + Text(d.Created.EventTicker) + Text(d.Created.Title),
            MarketStatus.Details.Which.CloseTime => d.CloseTime,
            MarketStatus.Details.Which.Paused => d.Paused ? 1 : 0,
            MarketStatus.Details.Which.Determined => (long)d.Determined.Result + d.Determined.SettlementValue + d.Determined.DeterminationTime,
            MarketStatus.Details.Which.SettledTime => d.SettledTime,
            _ => 0,
        };
    }

    public static long AllTypes(AllTypes.Reader a)
    {
        long sum = (a.BoolField ? 1 : 0) + a.Int8Field + a.Int16Field + a.Int32Field + a.Int64Field + a.UInt8Field + a.UInt16Field + a.UInt32Field
            + (long)a.UInt64Field + (long)a.Float32Field + (long)a.Float64Field + Text(a.TextField) + a.DataField.Length + (long)a.EnumField;
        sum += a.HasStructField ? AllTypes(a.StructField) : 0;
        for (int i = 0; i < a.BoolList.Count; i++)
        {
            sum += a.BoolList[i] ? 1 : 0;
        }

        sum += Sum(a.Int8List) + Sum(a.Int16List) + Sum(a.Int32List) + Sum(a.Int64List) + Sum(a.UInt8List) + Sum(a.UInt16List)
            + Sum(a.UInt32List) + Sum(a.UInt64List) + Sum(a.Float32List) + Sum(a.Float64List) + Sum(a.EnumList);
        for (int i = 0; i < a.TextList.Count; i++)
        {
            sum += Text(a.TextList[i]);
        }

        for (int i = 0; i < a.DataList.Count; i++)
        {
            sum += a.DataList[i].Length;
        }

        foreach (AllTypes.Reader element in a.StructList)
        {
            sum += AllTypes(element);
        }

        return sum;
    }

    private static long Sum<T>(PrimitiveList<T> list)
        where T : unmanaged
    {
        long sum = list.Count;
        foreach (T item in list)
        {
            sum += item.GetHashCode();
        }

        return sum;
    }
}
