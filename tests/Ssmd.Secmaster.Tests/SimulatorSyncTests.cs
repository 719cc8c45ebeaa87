using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Ssmd.KalshiSim;
using Ssmd.Secmaster.Tests.Infrastructure;
using Ssmd.Testing;

namespace Ssmd.Secmaster.Tests;

/// <summary>The acceptance runs against the Kalshi simulator's REST API, in process.</summary>
public sealed class SimulatorSyncTests(PostgresServerFixture postgres, NatsServerFixture nats)
{
    private static readonly Uri SimRest = new("http://localhost/trade-api/v2");

    private static WebApplicationFactory<KalshiSimOptions> Simulator(int markets, int requestsPerSecond, int burst) =>
        new WebApplicationFactory<KalshiSimOptions>().WithWebHostBuilder(host =>
        {
            host.UseSetting("KalshiSim:Markets", markets.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // The exchange clock stands still: only the test changes markets.
            host.UseSetting("KalshiSim:Load:Paused", "true");
            host.UseSetting("KalshiSim:Rest:RequestsPerSecond", requestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
            host.UseSetting("KalshiSim:Rest:Burst", burst.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });

    private static SecmasterSync Sync(SecmasterRepository repository, HttpClient http, SecmasterChangePublisher publisher, int maxRetries = 8, int retryMs = 5, int pageSize = 1000) =>
        new(repository, http, new SecmasterSyncSettings
        {
            RestUrl = SimRest,
            MarketPageSize = pageSize,
            RequestsPerSecond = 10_000,
            Burst = 10_000,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(retryMs),
        }, publisher, NullLogger<SecmasterSync>.Instance);

    [Fact(Timeout = 300_000)]
    public async Task Syncing_20000_simulated_markets_stores_each_once_writes_nothing_unchanged_and_exactly_500_changes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        await using var stream = await ChangeStream.CreateAsync(nats, ct);
        await using var sim = Simulator(20_000, 100_000, 100_000);
        using var http = sim.CreateDefaultClient();
        var repository = db.Repository;
        using var sync = Sync(repository, http, stream.Publisher(repository));

        var first = await sync.RunAsync(ct);
        var total = await db.CountAsync("SELECT count(*) FROM markets", ct);
        Assert.True(total >= 20_000, $"{total} markets");
        Assert.Equal(total, first.MarketsCreated);
        Assert.Equal(total, first.MarketsRead);
        Assert.Equal(total, await stream.CountAsync(ct));
        Assert.Equal(0, first.BadFields);

        // The stored fields are the simulator's own.
        using var truthResponse = await http.GetAsync(new Uri("/trade-api/v2/markets?limit=1000", UriKind.Relative), ct);
        using var truth = System.Text.Json.JsonDocument.Parse(await truthResponse.Content.ReadAsByteArrayAsync(ct));
        foreach (var expected in truth.RootElement.GetProperty("markets").EnumerateArray().Take(50))
        {
            var stored = (await repository.GetMarketAsync(expected.GetProperty("ticker").GetString()!, ct))!.Market;
            Assert.Equal(expected.GetProperty("event_ticker").GetString(), stored.EventTicker);
            Assert.Equal(expected.GetProperty("status").GetString(), stored.Status);
            Assert.Equal(DateTimeOffset.Parse(expected.GetProperty("close_time").GetString()!, System.Globalization.CultureInfo.InvariantCulture), stored.CloseTime);
            Assert.Equal(expected.GetProperty("yes_sub_title").GetString(), stored.YesSubTitle);
            Assert.NotNull(stored.SeriesTicker);
            Assert.NotNull(stored.Category);
            Assert.NotEmpty(stored.PriceRanges);
        }

        var history = await db.CountAsync("SELECT count(*) FROM market_history", ct);
        var second = await sync.RunAsync(ct);
        Assert.Equal(0, second.MarketsCreated + second.MarketsChanged);
        Assert.Equal(history, await db.CountAsync("SELECT count(*) FROM market_history", ct));
        Assert.Equal(total, await stream.CountAsync(ct));

        // Move the close of 500 open markets one day later through the simulator's admin API.
        var open = (await repository.ListMarketsAsync(new SecmasterMarketFilter { Statuses = ["active"] }, limit: 10_000, cancellationToken: ct)).Markets;
        var changed = open.Where((_, i) => i % Math.Max(1, open.Count / 500) == 0).Take(500).ToList();
        Assert.Equal(500, changed.Count);
        foreach (var market in changed)
        {
            var closeTs = market.CloseTime!.Value.AddDays(1).ToUnixTimeSeconds();
            using var action = await http.PostAsync(
                new Uri($"/admin/markets/{Uri.EscapeDataString(market.Ticker)}/close-date?close_ts={closeTs}", UriKind.Relative), null, ct);
            Assert.True(action.IsSuccessStatusCode, await action.Content.ReadAsStringAsync(ct));
        }

        var third = await sync.RunAsync(ct);

        Assert.Equal(500, third.MarketsChanged);
        Assert.Equal(0, third.MarketsCreated);
        Assert.Equal(500, third.FieldChanges);
        Assert.Equal(history + 500, await db.CountAsync("SELECT count(*) FROM market_history", ct));
        Assert.Equal(500, await db.CountAsync($"SELECT count(*) FROM market_history WHERE field = 'close_time' AND version = 2", ct));
        Assert.Equal(total + 500, await stream.CountAsync(ct));
        var events = (await stream.ReadAllAsync(ct)).Skip((int)total).Select(e => e.MsgId).Order(StringComparer.Ordinal);
        Assert.Equal(changed.Select(m => $"secmaster:{m.Ticker}:2").Order(StringComparer.Ordinal), events);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_sync_through_the_simulator_rate_limit_and_a_dropped_connection_misses_and_duplicates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        await using var stream = await ChangeStream.CreateAsync(nats, ct);
        // The simulator allows 4 requests a second with a burst of 1; the client is set far above it.
        await using var sim = Simulator(3_000, 4, 1);
        var drop = new DropConnectionHandler { PathContains = "/markets", DropOnRequest = 2 };
        using var http = sim.CreateDefaultClient(drop);
        var repository = db.Repository;
        using var sync = Sync(repository, http, stream.Publisher(repository), maxRetries: 12, retryMs: 50, pageSize: 500);

        var result = await sync.RunAsync(ct);

        Assert.Equal(1, drop.Dropped);
        Assert.True(result.Retries > 1, $"{result.Retries} retries: the rate limit never answered 429");
        var total = await db.CountAsync("SELECT count(*) FROM markets", ct);
        Assert.True(total >= 3_000);
        Assert.Equal(total, result.MarketsCreated);
        Assert.Equal(total, await db.CountAsync("SELECT count(*) FROM market_history", ct));
        Assert.Equal(total, await stream.CountAsync(ct));
    }
}
