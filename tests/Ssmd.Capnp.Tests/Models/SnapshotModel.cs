using Ssmd.Capnp.Tests.Support;
using Ssmd.Normalized;

namespace Ssmd.Capnp.Tests.Models;

public sealed record SnapshotModel(string? Ticker, long ExchangeTime, long ReceiveTime, ulong Sequence, IReadOnlyList<LevelModel>? Bids, IReadOnlyList<LevelModel>? Asks, string? MarketId)
{
    public static SnapshotModel Random(Values v, int maxLevels = 12) =>
        new(v.Text(), v.Long(), v.Long(), v.ULong(), Levels(v, maxLevels), Levels(v, maxLevels), v.Text());

    private static LevelModel[]? Levels(Values v, int max) =>
        v.Random.Next(5) == 0 ? null : Enumerable.Range(0, v.Count(max)).Select(_ => LevelModel.Random(v)).ToArray();

    public void Build(OrderBookSnapshot.Builder b)
    {
        if (Ticker is not null)
        {
            b.SetTicker(Ticker);
        }

        b.ExchangeTime = ExchangeTime;
        b.ReceiveTime = ReceiveTime;
        b.Sequence = Sequence;
        if (Bids is not null)
        {
            StructListBuilder<Level.Builder> bids = b.InitBids(Bids.Count);
            for (int i = 0; i < Bids.Count; i++)
            {
                Bids[i].Build(bids[i]);
            }
        }

        if (Asks is not null)
        {
            StructListBuilder<Level.Builder> asks = b.InitAsks(Asks.Count);
            for (int i = 0; i < Asks.Count; i++)
            {
                Asks[i].Build(asks[i]);
            }
        }

        if (MarketId is not null)
        {
            b.SetMarketId(MarketId);
        }
    }

    public static SnapshotModel From(OrderBookSnapshot.Reader r) => new(
        r.HasTicker ? r.Ticker.ToString() : null, r.ExchangeTime, r.ReceiveTime, r.Sequence,
        r.HasBids ? Read(r.Bids) : null, r.HasAsks ? Read(r.Asks) : null, r.HasMarketId ? r.MarketId.ToString() : null);

    private static List<LevelModel> Read(StructList<Level.Reader> levels)
    {
        var list = new List<LevelModel>(levels.Count);
        foreach (Level.Reader level in levels)
        {
            list.Add(LevelModel.From(level));
        }

        return list;
    }

    public string ToText() => CapnpText.Struct(
        ("ticker", CapnpText.Text(Ticker)),
        ("exchangeTime", CapnpText.Int(ExchangeTime)),
        ("receiveTime", CapnpText.Int(ReceiveTime)),
        ("sequence", CapnpText.UInt(Sequence)),
        ("bids", CapnpText.List(Bids, l => l.ToText())),
        ("asks", CapnpText.List(Asks, l => l.ToText())),
        ("marketId", CapnpText.Text(MarketId)));
}
