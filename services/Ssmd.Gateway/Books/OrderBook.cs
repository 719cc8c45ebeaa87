namespace Ssmd.Gateway.Books;

/// <summary>
/// One market's book in YES terms, exact: prices in 0.0001 dollar, sizes in 0.01 contract. Bids iterate
/// best (highest) first, asks best (lowest) first. Not thread-safe: its market's lock guards it.
/// </summary>
internal sealed class OrderBook
{
    private static readonly IComparer<long> Descending = Comparer<long>.Create(static (a, b) => b.CompareTo(a));

    public SortedDictionary<long, long> Bids { get; } = new(Descending);

    public SortedDictionary<long, long> Asks { get; } = [];

    public void Clear()
    {
        Bids.Clear();
        Asks.Clear();
    }

    /// <summary>Sets one level to its new resting size (0 removes it).</summary>
    public void Set(bool bid, long price, long size)
    {
        var side = bid ? Bids : Asks;
        if (size <= 0)
            side.Remove(price);
        else
            side[price] = size;
    }
}
