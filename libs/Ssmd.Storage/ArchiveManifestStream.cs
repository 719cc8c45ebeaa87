namespace Ssmd.Storage;

/// <summary>The sequences of one JetStream stream that a day holds, as ascending, disjoint, inclusive ranges.</summary>
public sealed class ArchiveManifestStream
{
    /// <summary>The stream name, e.g. <c>KALSHI_RAW</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Messages of this stream in the day's files.</summary>
    public long Messages { get; set; }

    /// <summary><c>[first, last]</c> pairs, ascending, not touching: a gap between two is a hole unless a neighbouring day holds it.</summary>
    public List<ulong[]> Sequences { get; set; } = [];

    /// <summary>Adds ascending, distinct sequences to <see cref="Sequences"/>, merging ranges.</summary>
    public void Add(IReadOnlyList<ulong> ascending)
    {
        if (ascending.Count == 0)
            return;
        var ranges = new List<(ulong First, ulong Last)>(Sequences.Count + 8);
        ranges.AddRange(Sequences.Select(r => (r[0], r[1])));
        var start = ascending[0];
        var end = start;
        for (var i = 1; i < ascending.Count; i++)
        {
            if (ascending[i] == end + 1)
            {
                end = ascending[i];
                continue;
            }

            ranges.Add((start, end));
            start = end = ascending[i];
        }

        ranges.Add((start, end));
        ranges.Sort();
        var merged = new List<ulong[]>(ranges.Count);
        foreach (var (first, last) in ranges)
        {
            if (merged.Count > 0 && first <= merged[^1][1] + 1)
                merged[^1][1] = Math.Max(merged[^1][1], last);
            else
                merged.Add([first, last]);
        }

        Sequences = merged;
        Messages += ascending.Count;
    }

    /// <summary>True when <paramref name="sequence"/> lies in one of the ranges.</summary>
    public bool Contains(ulong sequence) => Sequences.Any(r => r[0] <= sequence && sequence <= r[1]);
}
