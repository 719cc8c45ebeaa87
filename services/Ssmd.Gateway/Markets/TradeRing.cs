namespace Ssmd.Gateway.Markets;

/// <summary>The latest trades of one market, oldest overwritten first, each kept as its JSON event.</summary>
internal sealed class TradeRing(int capacity)
{
    private readonly RecentTrade[] _items = new RecentTrade[capacity];
    private int _next;
    private int _count;

    public void Add(long seq, byte[] json)
    {
        _items[_next] = new RecentTrade(seq, json);
        _next = (_next + 1) % _items.Length;
        if (_count < _items.Length)
            _count++;
    }

    /// <summary>Up to <paramref name="limit"/> trades newest first, only those with a sequence below <paramref name="before"/>.</summary>
    public List<RecentTrade> Newest(int limit, long before)
    {
        var result = new List<RecentTrade>(Math.Min(limit, _count));
        for (var i = 0; i < _count && result.Count < limit; i++)
        {
            var item = _items[(_next - 1 - i + _items.Length) % _items.Length];
            if (item.Seq < before)
                result.Add(item);
        }

        return result;
    }
}

/// <summary>A trade as sent to clients.</summary>
internal readonly record struct RecentTrade(long Seq, byte[] Json);
