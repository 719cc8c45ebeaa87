using Ssmd.Kalshi;

namespace Ssmd.KalshiSim.Model;

/// <summary>A market's valid prices: bands of <c>{start, end, step}</c> as REST <c>price_ranges</c> gives them.</summary>
internal sealed class PriceGrid
{
    private PriceGrid(string structure, KalshiPriceRange[] ranges)
    {
        Structure = structure;
        Ranges = ranges;
    }

    public string Structure { get; }

    public IReadOnlyList<KalshiPriceRange> Ranges { get; }

    public static PriceGrid LinearCent { get; } = new("linear_cent", [Band(0, 10_000, 100)]);

    public static PriceGrid DeciCent { get; } = new("deci_cent", [Band(0, 10_000, 10)]);

    public static PriceGrid TaperedDeciCent { get; } = new("tapered_deci_cent", [Band(0, 1_000, 10), Band(1_000, 9_000, 100), Band(9_000, 10_000, 10)]);

    /// <summary>Sub-cent edges (0.0001) and deci-cent centre, as combo markets use since 2026-08-27.</summary>
    public static PriceGrid CenterDeciEdgeCentiCent { get; } = new("center_deci_edge_centi_cent", [Band(0, 100, 1), Band(100, 9_900, 10), Band(9_900, 10_000, 1)]);

    private static KalshiPriceRange Band(long start, long end, long step) => new(new KalshiPrice(start), new KalshiPrice(end), new KalshiPrice(step));

    /// <summary>The grid step that applies at a price (the finer band wins at a boundary).</summary>
    public long StepAt(long units)
    {
        var step = long.MaxValue;
        foreach (var r in Ranges)
        {
            if (units >= r.Start.Units && units <= r.End.Units)
            {
                step = Math.Min(step, r.Step.Units);
            }
        }

        return step == long.MaxValue ? 100 : step;
    }

    public bool IsValid(long units)
    {
        if (units <= 0 || units >= KalshiPrice.Scale)
        {
            return false;
        }

        foreach (var r in Ranges)
        {
            if (units >= r.Start.Units && units <= r.End.Units && (units - r.Start.Units) % r.Step.Units == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The nearest valid bid price at or below <paramref name="units"/>, kept inside (0, 1).</summary>
    public long Floor(long units)
    {
        units = Math.Clamp(units, 1, KalshiPrice.Scale - 1);
        foreach (var r in Ranges)
        {
            if (units >= r.Start.Units && units <= r.End.Units)
            {
                var snapped = r.Start.Units + ((units - r.Start.Units) / r.Step.Units * r.Step.Units);

                // Zero is not a price: the lowest valid one is the first band's first step.
                return snapped > 0 ? snapped : Ranges[0].Start.Units + Ranges[0].Step.Units;
            }
        }

        return Ranges[0].Start.Units + Ranges[0].Step.Units;
    }

    /// <summary><paramref name="ticks"/> grid steps below <paramref name="units"/> (never below the lowest valid price).</summary>
    public long Below(long units, int ticks)
    {
        var p = Floor(units);
        for (var i = 0; i < ticks; i++)
        {
            var next = Floor(p - 1);
            if (next >= p)
            {
                break;
            }

            p = next;
        }

        return p;
    }
}
