using Ssmd.Capnp.Tests.Support;
using Ssmd.Normalized;

namespace Ssmd.Capnp.Tests.Models;

public sealed record LevelModel(long Price, long Size)
{
    public static LevelModel Random(Values v) => new(v.Price(), v.Size());

    public void Build(Level.Builder b)
    {
        b.Price = Price;
        b.Size = Size;
    }

    public static LevelModel From(Level.Reader r) => new(r.Price, r.Size);

    public string ToText() => CapnpText.Struct(("price", CapnpText.Int(Price)), ("size", CapnpText.Int(Size)));
}
