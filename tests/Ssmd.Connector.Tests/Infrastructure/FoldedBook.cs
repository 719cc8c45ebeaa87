namespace Ssmd.Connector.Tests.Infrastructure;

/// <summary>A YES-terms book: price (0.0001 $) → size (0.01 contract), exact.</summary>
internal sealed class FoldedBook
{
    public SortedDictionary<long, long> Bids { get; } = [];

    public SortedDictionary<long, long> Asks { get; } = [];

    public bool SameAs(FoldedBook other) => Bids.SequenceEqual(other.Bids) && Asks.SequenceEqual(other.Asks);

    public override string ToString() =>
        $"bids [{string.Join(" ", Bids.Reverse().Select(l => $"{l.Key}x{l.Value}"))}] asks [{string.Join(" ", Asks.Select(l => $"{l.Key}x{l.Value}"))}]";
}
