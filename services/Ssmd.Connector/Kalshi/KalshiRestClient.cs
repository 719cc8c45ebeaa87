using System.Globalization;
using Ssmd.Kalshi.Rest;

namespace Ssmd.Connector.Kalshi;

/// <summary>
/// The REST reads the connector needs: markets to subscribe (discovery) and trades to backfill after a
/// gap. The HTTP client carries the service defaults' resilience (retries 429/5xx with backoff and
/// jitter); requests are signed when a key is configured.
/// </summary>
internal sealed class KalshiRestClient(HttpClient http, Uri restUrl, KalshiCredentials credentials, TimeProvider time)
{
    public const int PageLimit = 1000;

    public Uri RestUrl => restUrl;

    /// <summary>Every series' category, for the environment's category filters.</summary>
    public async Task<Dictionary<string, string>> GetSeriesCategoriesAsync(CancellationToken cancellationToken)
    {
        var list = await GetAsync("series", KalshiJsonContext.Default.KalshiSeriesList, cancellationToken).ConfigureAwait(false);
        return list.Series.GroupBy(s => s.Ticker, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Category, StringComparer.Ordinal);
    }

    /// <summary>All markets with one status filter (<c>unopened</c>, <c>open</c>, <c>paused</c>…), every page.</summary>
    public async Task<List<KalshiMarket>> GetMarketsAsync(string status, CancellationToken cancellationToken)
    {
        var markets = new List<KalshiMarket>();
        var cursor = "";
        do
        {
            var page = await GetAsync($"markets?limit={PageLimit}&status={status}" + (cursor.Length > 0 ? "&cursor=" + Uri.EscapeDataString(cursor) : ""),
                KalshiJsonContext.Default.KalshiMarketsPage, cancellationToken).ConfigureAwait(false);
            markets.AddRange(page.Markets);
            cursor = page.Cursor ?? "";
        }
        while (cursor.Length > 0);
        return markets;
    }

    /// <summary>One market, or null when Kalshi does not know it.</summary>
    public async Task<KalshiMarket?> GetMarketAsync(string ticker, CancellationToken cancellationToken)
    {
        using var request = Request("markets/" + Uri.EscapeDataString(ticker));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync(KalshiJsonContext.Default.KalshiMarketResponse, cancellationToken).ConfigureAwait(false);
        return body?.Market;
    }

    /// <summary>Trades since <paramref name="since"/> (whole seconds, inclusive), oldest first.</summary>
    public async Task<List<KalshiRestTrade>> GetTradesSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var trades = new List<KalshiRestTrade>();
        var cursor = "";
        var minTs = since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        do
        {
            var page = await GetAsync($"markets/trades?limit={PageLimit}&min_ts={minTs}" + (cursor.Length > 0 ? "&cursor=" + Uri.EscapeDataString(cursor) : ""),
                KalshiJsonContext.Default.KalshiTradesPage, cancellationToken).ConfigureAwait(false);
            trades.AddRange(page.Trades);
            cursor = page.Cursor ?? "";
        }
        while (cursor.Length > 0);

        // Kalshi answers newest first; publish in the order they happened.
        trades.Reverse();
        return trades;
    }

    private async Task<T> GetAsync<T>(string relative, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = Request(relative);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException($"Kalshi REST {relative} returned an empty body");
    }

    private HttpRequestMessage Request(string relative)
    {
        var uri = new Uri(restUrl, relative);
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        credentials.Apply("GET", uri.AbsolutePath, (name, value) => request.Headers.TryAddWithoutValidation(name, value), time);
        return request;
    }
}
