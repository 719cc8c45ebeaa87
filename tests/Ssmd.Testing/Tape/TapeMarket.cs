namespace Ssmd.Testing.Tape;

/// <summary>
/// One market's expected state after a fold: the two bid ladders in exact fixed point (price in units of
/// 0.0001 dollar, size in units of 0.01 contract, as Kalshi's <c>*_dollars</c> and <c>*_fp</c> strings
/// are written), and the trade totals.
/// </summary>
public sealed class TapeMarket(string ticker)
{
    public string Ticker { get; } = ticker;

    /// <summary>YES bids: price units → size units, ascending (best bid last). No zero or negative level is ever kept.</summary>
    public SortedDictionary<long, long> Yes { get; } = [];

    /// <summary>NO bids in the NO leg's own prices: price units → size units, ascending.</summary>
    public SortedDictionary<long, long> No { get; } = [];

    public long Snapshots { get; internal set; }

    public long Deltas { get; internal set; }

    public long Trades { get; internal set; }

    /// <summary>Sum of the trades' <c>count_fp</c>, in units of 0.01 contract.</summary>
    public long TradedSize { get; internal set; }

    /// <summary>Sum of YES price × count over the trades, in units of 0.000001 dollar (0.0001 × 0.01).</summary>
    public long Notional { get; internal set; }

    /// <summary>Tape time (exchange ms, see <see cref="TapeFold"/>) of the last frame folded.</summary>
    public long LastTimeMs { get; internal set; }

    public SortedDictionary<long, long> Side(string side) => side switch
    {
        "yes" => Yes,
        "no" => No,
        _ => throw new InvalidDataException($"Unknown book side '{side}'."),
    };

    /// <summary>The book as text (<c>yes[0.4500x10.00 …] no[…]</c>), for assertion messages and equality.</summary>
    public string BookText() =>
        $"yes[{string.Join(' ', Yes.Select(l => $"{TapeFixedPoint.Format(l.Key, 4)}x{TapeFixedPoint.Format(l.Value, 2)}"))}] " +
        $"no[{string.Join(' ', No.Select(l => $"{TapeFixedPoint.Format(l.Key, 4)}x{TapeFixedPoint.Format(l.Value, 2)}"))}]";
}
