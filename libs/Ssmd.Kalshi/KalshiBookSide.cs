namespace Ssmd.Kalshi;

/// <summary>
/// One bid ladder (YES bids or NO bids), each in its own leg's prices, levels kept ascending so the
/// best bid is last, as Kalshi sends them.
/// </summary>
public sealed class KalshiBookSide
{
    private readonly SortedList<long, long> levels = [];

    public int Count => levels.Count;

    /// <summary>Levels ascending by price, best bid last.</summary>
    public IEnumerable<KalshiLevel> Levels
    {
        get
        {
            for (var i = 0; i < levels.Count; i++)
            {
                yield return new KalshiLevel(new KalshiPrice(levels.Keys[i]), new KalshiSize(levels.Values[i]));
            }
        }
    }

    /// <summary>The highest bid, or null when the side is empty.</summary>
    public KalshiLevel? Best => levels.Count == 0 ? null : new KalshiLevel(new KalshiPrice(levels.Keys[^1]), new KalshiSize(levels.Values[^1]));

    /// <summary>The level at <paramref name="index"/> counted from the best bid (0 = best).</summary>
    public KalshiLevel FromBest(int index) => new(new KalshiPrice(levels.Keys[levels.Count - 1 - index]), new KalshiSize(levels.Values[levels.Count - 1 - index]));

    public KalshiSize SizeAt(KalshiPrice price) => new(levels.TryGetValue(price.Units, out var size) ? size : 0);

    /// <summary>new = old + delta; a level reaching zero is removed. Returns the new size.</summary>
    /// <exception cref="InvalidOperationException">The delta would make the level negative.</exception>
    public KalshiSize Apply(KalshiPrice price, KalshiSize delta)
    {
        levels.TryGetValue(price.Units, out var old);
        var updated = old + delta.Units;
        if (updated < 0)
        {
            throw new InvalidOperationException($"Delta {delta} at {price} would leave {updated / 100.0:0.00} contracts (level held {new KalshiSize(old)}).");
        }

        if (updated == 0)
        {
            levels.Remove(price.Units);
        }
        else
        {
            levels[price.Units] = updated;
        }

        return new KalshiSize(updated);
    }

    /// <summary>Sets a level (a snapshot entry); zero removes it.</summary>
    public void Set(KalshiPrice price, KalshiSize size)
    {
        if (size.Units <= 0)
        {
            levels.Remove(price.Units);
        }
        else
        {
            levels[price.Units] = size.Units;
        }
    }

    public void Clear() => levels.Clear();

    internal bool SameAs(KalshiBookSide other)
    {
        if (other.levels.Count != levels.Count)
        {
            return false;
        }

        for (var i = 0; i < levels.Count; i++)
        {
            if (levels.Keys[i] != other.levels.Keys[i] || levels.Values[i] != other.levels.Values[i])
            {
                return false;
            }
        }

        return true;
    }
}
