namespace Ssmd.Connector.Feed;

/// <summary>
/// Trade ids seen lately (LESSONS.md: deduplicate trades by <c>trade_id</c>, nothing else). Bounded: the
/// oldest ids are forgotten first. Shared by the live stream and REST backfills.
/// </summary>
internal sealed class TradeIdSet(int capacity)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    /// <summary>Adds the id; false when it was already seen.</summary>
    public bool Add(string tradeId)
    {
        lock (_lock)
        {
            if (!_ids.Add(tradeId))
                return false;
            _order.Enqueue(tradeId);
            if (_order.Count > capacity)
                _ids.Remove(_order.Dequeue());
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
