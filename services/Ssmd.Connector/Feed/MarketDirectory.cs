using System.Collections.Concurrent;
using Ssmd.Connector.Kalshi;
using Ssmd.Environments;
using Ssmd.Kalshi.Rest;
using Ssmd.Normalized;

namespace Ssmd.Connector.Feed;

/// <summary>
/// Which markets to capture: Kalshi's REST markets (unopened, open and paused ones) matched against the
/// environment's symbol filters (category lives on the series), and each market's last known status with
/// its scheduled open and close. Subscribing as soon as a market exists covers its scheduled open, which no
/// lifecycle event announces; the status a status event carries follows those times the same way.
/// </summary>
internal sealed class MarketDirectory(KalshiRestClient rest, SsmdEnvironment environment)
{
    private static readonly string[] LiveStatuses = ["unopened", "open", "paused"];
    private readonly ConcurrentDictionary<string, Known> _status = new(StringComparer.Ordinal);
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
                Remember(market);
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
        Remember(market);
        if (!_categories.ContainsKey(SeriesOf(market.EventTicker)))
            _categories = await rest.GetSeriesCategoriesAsync(cancellationToken).ConfigureAwait(false);
        return Selects(market) && StatusOf(market.Status) is not (Status.Settled or Status.Determined or Status.Closed);
    }

    /// <summary>
    /// The market's status at <paramref name="atSeconds"/> (Unix seconds): the last one REST or a lifecycle event
    /// gave, moved on by the scheduled times no event announces (an unopened market past its open is open; one
    /// not yet determined past its close is closed). <see cref="Status.Unknown"/> when never seen.
    /// </summary>
    public Status KnownStatus(string ticker, long atSeconds)
    {
        if (!_status.TryGetValue(ticker, out var known))
            return Status.Unknown;
        if (known.Status is Status.Initialized or Status.Active or Status.Paused && known.Close > 0 && atSeconds >= known.Close)
            return Status.Closed;
        if (known.Status == Status.Initialized && known.Open > 0 && atSeconds >= known.Open)
            return Status.Active;
        return known.Status;
    }

    public void SetStatus(string ticker, Status status) =>
        _status.AddOrUpdate(ticker, static (_, status) => new Known(status, 0, 0), static (_, known, status) => known with { Status = status }, status);

    /// <summary>A market's status and scheduled times (Unix seconds; 0 when not known).</summary>
    public void Remember(string ticker, Status status, long openSeconds, long closeSeconds) => _status[ticker] = new Known(status, openSeconds, closeSeconds);

    /// <summary>A <c>close_date_updated</c>: the market now closes at <paramref name="closeSeconds"/> (possibly already).</summary>
    public void SetCloseTime(string ticker, long closeSeconds) =>
        _status.AddOrUpdate(ticker, static (_, close) => new Known(Status.Unknown, 0, close), static (_, known, close) => known with { Close = close }, closeSeconds);

    private void Remember(KalshiMarket market) =>
        Remember(market.Ticker, StatusOf(market.Status), market.OpenTime.ToUnixTimeSeconds(), market.CloseTime.ToUnixTimeSeconds());

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

    private readonly record struct Known(Status Status, long Open, long Close);

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
