namespace Ssmd.Connector.Feed;

/// <summary>
/// Trade ids seen lately (LESSONS.md: deduplicate trades by <c>trade_id</c>, nothing else). Bounded: the
/// oldest ids are forgotten first. Shared by the live stream and REST backfills.
/// </summary>
internal sealed class TradeIdSet(int capacity)
{
    // Each id with the number of the Add that last remembered it: an id forgotten and added again is
    // queued twice, and only its latest entry may evict it (the older one would forget it too early).
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, long Added)> _order = new();
    private readonly Lock _lock = new();
    private long _added;

    /// <summary>Adds the id; false when it was already seen.</summary>
    public bool Add(string tradeId)
    {
        lock (_lock)
        {
            if (!_ids.TryAdd(tradeId, ++_added))
                return false;
            _order.Enqueue((tradeId, _added));
            while (_ids.Count > capacity)
            {
                var (id, added) = _order.Dequeue();
                if (_ids.TryGetValue(id, out var latest) && latest == added)
                    _ids.Remove(id);
            }

            return true;
        }
    }

    /// <summary>Forgets an id whose trade was not published after all (dropped), so a backfill brings it.</summary>
    public void Forget(string tradeId)
    {
        lock (_lock)
            _ids.Remove(tradeId);
    }
}
