namespace Ssmd.Secmaster.Internal;

/// <summary>
/// Bad data seen during one sync, by field and reason, with one example each: logged once per
/// (field, reason) at the end instead of once per market.
/// </summary>
internal sealed class RejectionTally
{
    private readonly Dictionary<(string Field, string Reason), (int Count, string Example)> _seen = [];

    public int Total { get; private set; }

    public void Add(string field, string reason, string example)
    {
        Total++;
        var key = (field, reason);
        _seen[key] = _seen.TryGetValue(key, out var entry) ? (entry.Count + 1, entry.Example) : (1, example);
    }

    /// <summary>Adds another tally's counts (its examples where this one has none).</summary>
    public void AddAll(RejectionTally other)
    {
        foreach (var (key, (count, example)) in other._seen)
            _seen[key] = _seen.TryGetValue(key, out var entry) ? (entry.Count + count, entry.Example) : (count, example);
        Total += other.Total;
    }

    public IEnumerable<(string Field, string Reason, int Count, string Example)> Entries =>
        _seen.Select(e => (e.Key.Field, e.Key.Reason, e.Value.Count, e.Value.Example));
}
