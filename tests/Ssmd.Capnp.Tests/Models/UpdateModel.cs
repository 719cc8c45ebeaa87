using Ssmd.Capnp.Tests.Support;
using Ssmd.Normalized;

namespace Ssmd.Capnp.Tests.Models;

/// <summary>OrderBookUpdate: exactly one of a snapshot or a delta.</summary>
public sealed record UpdateModel(SnapshotModel? Snapshot, DeltaModel? Delta)
{
    public static UpdateModel Random(Values v) =>
        v.Bool() ? new(SnapshotModel.Random(v), null) : new(null, DeltaModel.Random(v));

    public void Build(OrderBookUpdate.Builder b)
    {
        if (Snapshot is not null)
        {
            Snapshot.Build(b.InitSnapshot());
        }
        else
        {
            Delta!.Build(b.InitDelta());
        }
    }

    public static UpdateModel From(OrderBookUpdate.Reader r) => r.Which switch
    {
        OrderBookUpdate.Which.Snapshot => new(SnapshotModel.From(r.Snapshot), null),
        OrderBookUpdate.Which.Delta => new(null, DeltaModel.From(r.Delta)),
        _ => throw new InvalidOperationException($"Unknown union member {r.Which}."),
    };

    public string ToText() => Snapshot is not null
        ? CapnpText.Struct(("snapshot", Snapshot.ToText()))
        : CapnpText.Struct(("delta", Delta!.ToText()));
}
