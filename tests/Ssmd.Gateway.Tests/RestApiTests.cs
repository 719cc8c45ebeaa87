using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Gateway.Tests.Infrastructure;
using Ssmd.Secmaster;
using Ssmd.Testing;

namespace Ssmd.Gateway.Tests;

/// <summary>The REST API against a real PostgreSQL security master (synced from the simulator) and a real nats-server.</summary>
public sealed class RestApiTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact(Timeout = 120_000)]
    public async Task Markets_come_from_the_security_master_filtered_and_paged_and_unknown_ones_are_404_problems()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.CreateDatabaseAsync(ct);
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await SecmasterMigrator.MigrateAsync(dataSource, NullLogger.Instance, ct);
            await using var sim = await SimHost.StartAsync(markets: 60);
            using var sync = new SecmasterSync(new SecmasterRepository(dataSource), sim.Http,
                new SecmasterSyncSettings { RestUrl = sim.RestUri, RequestsPerSecond = 10_000, Burst = 10_000 }, null, NullLogger<SecmasterSync>.Instance);
            await sync.RunAsync(ct);
        }

        await using var rig = await StreamRig.StartAsync(ct, secmaster: connectionString);
        var http = Authorized(rig.Gateway);

        // Paging: every market once, in ticker order.
        var all = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await GetJsonAsync(http, "/v1/markets?limit=7" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after)));
            all.AddRange(page.GetProperty("markets").EnumerateArray());
            after = page.GetProperty("next").GetString();
        }
        while (after is not null);
        var tickers = all.Select(m => m.GetProperty("ticker").GetString()!).ToList();
        Assert.True(tickers.Count >= 60, $"{tickers.Count} markets");
        Assert.Equal(tickers.Order(StringComparer.Ordinal), tickers);
        Assert.Equal(tickers.Count, tickers.Distinct().Count());

        // Filters: each one given must match.
        var sample = all.First(m => m.GetProperty("status").GetString() == "active");
        async Task<List<JsonElement>> Query(string query) => [.. (await GetJsonAsync(http, "/v1/markets?limit=1000&" + query)).GetProperty("markets").EnumerateArray()];
        var active = await Query("status=active");
        Assert.NotEmpty(active);
        Assert.All(active, m => Assert.Equal("active", m.GetProperty("status").GetString()));
        var category = sample.GetProperty("category").GetString()!;
        Assert.All(await Query("category=" + Uri.EscapeDataString(category.ToUpperInvariant())), m => Assert.Equal(category, m.GetProperty("category").GetString()));
        var series = sample.GetProperty("seriesTicker").GetString()!;
        Assert.All(await Query("series=" + series), m => Assert.Equal(series, m.GetProperty("seriesTicker").GetString()));
        var eventTicker = sample.GetProperty("eventTicker").GetString()!;
        var inEvent = await Query("event=" + eventTicker);
        Assert.Contains(inEvent, m => m.GetProperty("ticker").GetString() == sample.GetProperty("ticker").GetString());
        Assert.All(inEvent, m => Assert.Equal(eventTicker, m.GetProperty("eventTicker").GetString()));
        var text = sample.GetProperty("ticker").GetString()![^6..].ToLowerInvariant();
        var byText = await Query("text=" + Uri.EscapeDataString(text));
        Assert.Contains(byText, m => m.GetProperty("ticker").GetString() == sample.GetProperty("ticker").GetString());
        Assert.Empty(await Query("text=%25_no_such_market_%25"));

        // One market, with its history; prices are exact decimals.
        var one = await GetJsonAsync(http, "/v1/markets/" + Uri.EscapeDataString(sample.GetProperty("ticker").GetString()!));
        Assert.Equal(sample.GetProperty("ticker").GetString(), one.GetProperty("market").GetProperty("ticker").GetString());
        Assert.Equal(JsonValueKind.Array, one.GetProperty("history").ValueKind);
        Assert.Contains(one.GetProperty("market").GetProperty("priceRanges").EnumerateArray(), band => band.GetProperty("step").GetRawText() is "0.01" or "0.001" or "0.0001");

        await AssertProblemAsync(await http.GetAsync("/v1/markets/NO-SUCH-MARKET", ct), HttpStatusCode.NotFound);
        await AssertProblemAsync(await http.GetAsync("/v1/markets?limit=0", ct), HttpStatusCode.BadRequest);
        // A NUL cannot be in any PostgreSQL text: a client error, not a failed query.
        foreach (var parameter in new[] { "status", "category", "series", "event", "text", "after" })
            await AssertProblemAsync(await http.GetAsync($"/v1/markets?{parameter}=a%00b", ct), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/v1/markets/KX%00", ct)).StatusCode); // Kestrel refuses it in a path
    }

    [Fact(Timeout = 60_000)]
    public async Task Trades_come_newest_first_with_limit_and_before_and_the_book_with_its_depth()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamRig.StartAsync(ct);
        var p = rig.Publisher;
        await p.SnapshotAsync("KXR-1", [(4500, 100), (4400, 200), (4300, 300)], [(4600, 150), (4700, 250)]);
        ulong last = 0;
        for (var i = 1; i <= 5; i++)
            last = await p.TradeAsync("KXR-1", $"t-{i}", 4500 + i, 100 * i);
        await rig.SettledAsync(last);
        var http = Authorized(rig.Gateway);

        var first = await GetJsonAsync(http, "/v1/markets/KXR-1/trades?limit=2");
        Assert.Equal(["t-5", "t-4"], first.GetProperty("trades").EnumerateArray().Select(t => t.GetProperty("tradeId").GetString()));
        Assert.Equal("0.4505", first.GetProperty("trades")[0].GetProperty("price").GetRawText());
        var next = first.GetProperty("next").GetInt64();
        var second = await GetJsonAsync(http, $"/v1/markets/KXR-1/trades?limit=2&before={next}");
        Assert.Equal(["t-3", "t-2"], second.GetProperty("trades").EnumerateArray().Select(t => t.GetProperty("tradeId").GetString()));
        var rest = await GetJsonAsync(http, $"/v1/markets/KXR-1/trades?limit=10&before={second.GetProperty("next").GetInt64()}");
        Assert.Equal(["t-1"], rest.GetProperty("trades").EnumerateArray().Select(t => t.GetProperty("tradeId").GetString()));
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("next").ValueKind);

        var book = await GetJsonAsync(http, "/v1/markets/KXR-1/orderbook?depth=2");
        Assert.Equal("[[0.45,1],[0.44,2]]", book.GetProperty("bids").GetRawText());
        Assert.Equal("[[0.46,1.5],[0.47,2.5]]", book.GetProperty("asks").GetRawText());
        var full = await GetJsonAsync(http, "/v1/markets/KXR-1/orderbook");
        Assert.Equal(3, full.GetProperty("bids").GetArrayLength());

        await AssertProblemAsync(await http.GetAsync("/v1/markets/NOPE/orderbook", ct), HttpStatusCode.NotFound);
        await AssertProblemAsync(await http.GetAsync("/v1/markets/KXR-1/trades?limit=5000", ct), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await http.GetAsync("/v1/markets/KXR-1/orderbook?depth=0", ct), HttpStatusCode.BadRequest);
    }

    [Fact(Timeout = 60_000)]
    public async Task Rest_refuses_missing_and_invalid_keys_with_401_problems_while_health_and_the_OpenAPI_document_stay_open()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamRig.StartAsync(ct);
        var last = await rig.Publisher.SnapshotAsync("KXS-1", [(100, 100)], []);
        await rig.SettledAsync(last);
        var http = rig.Gateway.Http;

        await AssertProblemAsync(await http.GetAsync("/v1/markets/KXS-1/orderbook", ct), HttpStatusCode.Unauthorized);
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/v1/markets/KXS-1/orderbook"))
        {
            wrong.Headers.Add("X-API-Key", "not-the-key");
            await AssertProblemAsync(await http.SendAsync(wrong, ct), HttpStatusCode.Unauthorized);
        }

        await AssertProblemAsync(await http.GetAsync("/v1/markets/KXS-1/orderbook?api_key=nope", ct), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/markets/KXS-1/orderbook?api_key=" + GatewayHost.ApiKey, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Authorized(rig.Gateway).GetAsync("/v1/markets/KXS-1/orderbook", ct)).StatusCode);

        // Health is open (here 503: the test's security master is a closed port), and says which dependency is down.
        using var health = await http.GetAsync("/v1/health", ct);
        Assert.NotEqual(HttpStatusCode.Unauthorized, health.StatusCode);
        var checks = (await health.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("normalized-feed").GetString());
        Assert.Equal("Healthy", checks.GetProperty("NATS").GetString());

        var openApi = await http.GetStringAsync("/openapi/v1.json", ct);
        foreach (var path in new[] { "/v1/markets", "/v1/markets/{ticker}", "/v1/markets/{ticker}/trades", "/v1/markets/{ticker}/orderbook", "/v1/health" })
            Assert.Contains($"\"{path}\"", openApi, StringComparison.Ordinal);
    }

    private static HttpClient Authorized(GatewayHost gateway)
    {
        var http = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        http.DefaultRequestHeaders.Add("X-API-Key", GatewayHost.ApiKey);
        return http;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        }
    }
}
