using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Ssmd.Gateway.Markets;

/// <summary>Every market the gateway has seen on the normalized stream, by ticker.</summary>
internal sealed class MarketRegistry(IOptions<GatewayOptions> options)
{
    private readonly ConcurrentDictionary<string, MarketState> _markets = new(StringComparer.Ordinal);
    private readonly int _recentTrades = options.Value.RecentTradesPerMarket;

    public int Count => _markets.Count;

    public bool TryGet(string ticker, out MarketState market) => _markets.TryGetValue(ticker, out market!);

    public MarketState GetOrAdd(string ticker) =>
        _markets.TryGetValue(ticker, out var market) ? market : _markets.GetOrAdd(ticker, t => new MarketState(t, _recentTrades));

    /// <summary>
    /// Marks every book unknown: changes were lost, so each book waits for its market's next snapshot (its
    /// changes are neither applied nor sent meanwhile, and REST answers that the book is not known).
    /// </summary>
    public void ForgetBooks()
    {
        foreach (var market in _markets.Values)
        {
            lock (market.Gate)
                market.BookKnown = false;
        }
    }

    /// <summary>Markets with at least one subscriber.</summary>
    public IEnumerable<MarketState> Subscribed() => _markets.Values.Where(m => m.SubscriberCount > 0);
}
