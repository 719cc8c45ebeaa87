using System.Collections.Concurrent;
using Ssmd.Connector.Kalshi;
using Ssmd.Environments;
using Ssmd.Kalshi.Rest;
using Ssmd.Normalized;

namespace Ssmd.Connector.Feed;

/// <summary>
/// Which markets to capture: Kalshi's REST markets (unopened, open and paused ones) matched against the
/// environment's symbol filters (category lives on the series), and each market's last known status.
/// Subscribing as soon as a market exists covers its scheduled open, which no lifecycle event announces.
/// </summary>
internal sealed class MarketDirectory(KalshiRestClient rest, SsmdEnvironment environment)
{
    private static readonly string[] LiveStatuses = ["unopened", "open", "paused"];
    private readonly ConcurrentDictionary<string, Status> _status = new(StringComparer.Ordinal);
    private Dictionary<string, string> _categories = new(StringComparer.Ordinal);

    /// <summary>The selected markets that are not settled, read from REST now.</summary>
    public async Task<HashSet<string>> DiscoverAsync(CancellationToken cancellationToken)
    {
        _categories = await rest.GetSeriesCategoriesAsync(cancellationToken).ConfigureAwait(false);
        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var status in LiveStatuses)
        {
            foreach (var market in await rest.GetMarketsAsync(status, cancellationToken).ConfigureAwait(false))
            {
                _status[market.Ticker] = StatusOf(market.Status);
                if (Selects(market))
                    selected.Add(market.Ticker);
            }
        }

        return selected;
    }

    /// <summary>Reads one market (a new one announced by <c>created</c>); true when it is to be captured.</summary>
    public async Task<bool> LookupAsync(string ticker, CancellationToken cancellationToken)
    {
        var market = await rest.GetMarketAsync(ticker, cancellationToken).ConfigureAwait(false);
        if (market is null)
            return false;
        _status[market.Ticker] = StatusOf(market.Status);
        if (!_categories.ContainsKey(SeriesOf(market.EventTicker)))
            _categories = await rest.GetSeriesCategoriesAsync(cancellationToken).ConfigureAwait(false);
        return Selects(market) && StatusOf(market.Status) is not (Status.Settled or Status.Determined or Status.Closed);
    }

    /// <summary>The market's last known status (REST or lifecycle); <see cref="Status.Unknown"/> when never seen.</summary>
    public Status KnownStatus(string ticker) => _status.TryGetValue(ticker, out var status) ? status : Status.Unknown;

    public void SetStatus(string ticker, Status status) => _status[ticker] = status;

    private bool Selects(KalshiMarket market)
    {
        var series = SeriesOf(market.EventTicker);
        return environment.Symbols.Selects(market.Ticker, series, _categories.GetValueOrDefault(series));
    }

    // Kalshi event tickers start with their series ticker: KXGOLD15M-26AUG050000 → KXGOLD15M.
    internal static string SeriesOf(string eventTicker)
    {
        var dash = eventTicker.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? eventTicker : eventTicker[..dash];
    }

    internal static Status StatusOf(string restStatus) => restStatus switch
    {
        "initialized" or "unopened" => Status.Initialized,
        "active" or "open" => Status.Active,
        "inactive" or "paused" => Status.Paused,
        "closed" => Status.Closed,
        "determined" => Status.Determined,
        "disputed" => Status.Disputed,
        "amended" => Status.Amended,
        "finalized" or "settled" => Status.Settled,
        _ => Status.Unknown,
    };
}
