namespace Ssmd.Kalshi;

/// <summary>
/// A market's order book as Kalshi models it: two bid ladders, YES bids and NO bids, each in its own
/// leg's prices. A NO bid at p is a YES ask at 1 − p, so best YES ask = 1 − best NO bid.
/// </summary>
public sealed class KalshiBook
{
    public KalshiBookSide Yes { get; } = new();

    public KalshiBookSide No { get; } = new();

    public KalshiBookSide this[KalshiSide side] => side == KalshiSide.Yes ? Yes : No;

    /// <summary>Best YES bid, or null.</summary>
    public KalshiLevel? BestYesBid => Yes.Best;

    /// <summary>Best YES ask (1 − best NO bid, same size), or null.</summary>
    public KalshiLevel? BestYesAsk => No.Best is { } noBid ? new KalshiLevel(noBid.Price.Complement, noBid.Size) : null;

    /// <summary>
    /// Applies a delta as received. With <paramref name="yesPrices"/> (the <c>use_yes_price</c> view) a
    /// NO-side price is in YES-leg terms and is turned back into the NO leg first.
    /// </summary>
    public KalshiSize Apply(KalshiSide side, KalshiPrice price, KalshiSize delta, bool yesPrices = false) =>
        this[side].Apply(side == KalshiSide.No && yesPrices ? price.Complement : price, delta);

    /// <summary>Replaces the whole book with a snapshot's levels (either list may be empty).</summary>
    public void Replace(IEnumerable<KalshiLevel> yes, IEnumerable<KalshiLevel> no, bool yesPrices = false)
    {
        Yes.Clear();
        No.Clear();
        foreach (var level in yes)
        {
            Yes.Set(level.Price, level.Size);
        }

        foreach (var level in no)
        {
            No.Set(yesPrices ? level.Price.Complement : level.Price, level.Size);
        }
    }

    public void Clear()
    {
        Yes.Clear();
        No.Clear();
    }

    /// <summary>True when both ladders hold exactly the same levels.</summary>
    public bool SameLevelsAs(KalshiBook other) => Yes.SameAs(other.Yes) && No.SameAs(other.No);

    public override string ToString() =>
        $"yes[{string.Join(' ', Yes.Levels.Select(l => $"{l.Price}x{l.Size}"))}] no[{string.Join(' ', No.Levels.Select(l => $"{l.Price}x{l.Size}"))}]";
}
