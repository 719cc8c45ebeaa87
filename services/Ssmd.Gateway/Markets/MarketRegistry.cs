using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Ssmd.Gateway.Protocol;

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
    /// changes are neither applied nor sent meanwhile, and REST answers that the book is not known). The
    /// subscribers of a book that was known get a <c>dataLoss</c> status (<c>"lost":"book"</c>), as when the
    /// connector lost book changes, so none of them goes on trusting the book it holds.
    /// </summary>
    public void ForgetBooks()
    {
        var now = EventJson.NowNanos();
        foreach (var market in _markets.Values)
        {
            lock (market.Gate)
            {
                if (!market.BookKnown)
                    continue;
                market.BookKnown = false;
                if (market.SubscriberCount > 0)
                    market.Publish(EventKind.Status, EventJson.BookLost(market.Ticker, ++market.Seq, market.Status, now), 0);
            }
        }
    }

    /// <summary>Markets with at least one subscriber.</summary>
    public IEnumerable<MarketState> Subscribed() => _markets.Values.Where(m => m.SubscriberCount > 0);
}
