using System.Globalization;
using System.Text.Json;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Gateway.Tests.Infrastructure;

namespace Ssmd.EndToEnd.Tests.Infrastructure;

/// <summary>The gateway's REST API as a user reads it: books and every trade of a market, in exact units.</summary>
internal sealed class GatewayRest(GatewayHost gateway) : IDisposable
{
    private readonly HttpClient _http = Client(gateway);

    /// <summary><c>/v1/markets/{ticker}/orderbook</c> in YES terms: price (0.0001 $) → size (0.01 contract).</summary>
    public async Task<FoldedBook> BookAsync(string ticker)
    {
        var json = await GetJsonAsync($"/v1/markets/{ticker}/orderbook");
        var book = new FoldedBook();
        foreach (var (price, size) in Levels(json.GetProperty("bids")))
            book.Bids.Add(price, size);
        foreach (var (price, size) in Levels(json.GetProperty("asks")))
            book.Asks.Add(price, size);
        return book;
    }

    /// <summary>Every trade of <c>/v1/markets/{ticker}/trades</c>, paged back to the first: count, size and notional.</summary>
    public async Task<TradeTotals> TradesAsync(string ticker)
    {
        var totals = new TradeTotals();
        string? before = null;
        do
        {
            var page = await GetJsonAsync($"/v1/markets/{ticker}/trades?limit=1000" + (before is null ? "" : "&before=" + before));
            foreach (var trade in page.GetProperty("trades").EnumerateArray())
                totals = totals.Add(Units(trade.GetProperty("price"), 10_000), Units(trade.GetProperty("size"), 100));
            before = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetInt64().ToString(CultureInfo.InvariantCulture);
        }
        while (before is not null);
        return totals;
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient Client(GatewayHost gateway)
    {
        var http = new HttpClient { BaseAddress = gateway.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-API-Key", GatewayHost.ApiKey);
        return http;
    }

    private static List<(long Price, long Size)> Levels(JsonElement levels) =>
        [.. levels.EnumerateArray().Select(l => (Units(l[0], 10_000), Units(l[1], 100)))];

    /// <summary>A JSON number as exact units (decimal parse of its text, never a double).</summary>
    private static long Units(JsonElement number, long scale)
    {
        var value = decimal.Parse(number.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture) * scale;
        Assert.Equal(decimal.Truncate(value), value);
        return (long)value;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
