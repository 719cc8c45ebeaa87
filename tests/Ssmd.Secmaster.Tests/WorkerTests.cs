using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using Ssmd.Environments;
using Ssmd.Secmaster.Tests.Infrastructure;
using Ssmd.Testing;
using Ssmd.Worker.Secmaster;

namespace Ssmd.Secmaster.Tests;

public sealed class WorkerTests(PostgresServerFixture postgres, NatsServerFixture nats)
{
    private static WebApplicationFactory<SecmasterWorkerOptions> Worker(IDictionary<string, string?> settings) =>
        new WebApplicationFactory<SecmasterWorkerOptions>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings)
                host.UseSetting(key, value);
        });

    [Fact(Timeout = 90_000)]
    public async Task The_worker_migrates_creates_the_change_stream_and_syncs_the_exchange_at_start_up()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.CreateDatabaseAsync(ct);
        await using var exchange = await TestExchange.StartAsync(1_500, ct);
        await using var worker = Worker(new Dictionary<string, string?>
        {
            ["ConnectionStrings:secmaster"] = connectionString,
            ["ConnectionStrings:nats"] = nats.Url,
            ["Secmaster:RestUrl"] = exchange.RestUrl.AbsoluteUri,
            ["Secmaster:SyncDaily"] = "false",
            ["Secmaster:StreamName"] = nats.NextStreamName("SECMASTER"),
        });
        using var client = worker.CreateClient();

        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        var repository = new SecmasterRepository(dataSource);
        long count = 0;
        while (count < 1_500)
        {
            await Task.Delay(200, ct);
            try
            {
                await using var command = dataSource.CreateCommand("SELECT count(*) FROM markets");
                count = (long)(await command.ExecuteScalarAsync(ct))!;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == "42P01")
            {
                // Not migrated yet.
            }
        }

        Assert.Equal(1_500, count);
        Assert.NotNull(await repository.GetMarketAsync(MarketGenerator.Ticker(1_499), ct));
        var health = await client.GetAsync(new Uri("/health", UriKind.Relative), ct);
        Assert.True(health.IsSuccessStatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_worker_whose_exchange_is_unreachable_keeps_running_and_reports_itself_degraded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var worker = Worker(new Dictionary<string, string?>
        {
            ["ConnectionStrings:secmaster"] = await postgres.CreateDatabaseAsync(ct),
            ["ConnectionStrings:nats"] = nats.Url,
            ["Secmaster:RestUrl"] = "http://127.0.0.1:1/trade-api/v2",
            ["Secmaster:MaxRetries"] = "0",
            ["Secmaster:RetryFailedSyncAfter"] = "00:10:00",
            ["Secmaster:SyncDaily"] = "false",
            ["Secmaster:StreamName"] = nats.NextStreamName("SECMASTER"),
        });
        using var client = worker.CreateClient();

        var status = "";
        while (status != "Degraded")
        {
            await Task.Delay(200, ct);
            status = await client.GetStringAsync(new Uri("/health", UriKind.Relative), ct);
        }

        Assert.Equal("Degraded", status);
        Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/alive", UriKind.Relative), ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task Bad_secmaster_settings_stop_the_worker_with_every_bad_key_named()
    {
        await using var app = WorkerHost.Build(new Dictionary<string, string?>
        {
            ["ConnectionStrings:secmaster"] = "Host=127.0.0.1;Port=1;Database=none",
            ["ConnectionStrings:nats"] = "nats://127.0.0.1:1",
            ["Secmaster:MarketPageSize"] = "5000",
            ["Secmaster:RestUrl"] = "ftp://example/trade-api/v2",
            ["Secmaster:StreamName"] = "has.dots",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Secmaster:MarketPageSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("Secmaster:RestUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("Secmaster:StreamName", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UTC", "00:10", "2026-11-25T00:05:00Z", "2026-11-25T00:10:00Z")]
    [InlineData("UTC", "00:10", "2026-11-25T00:10:00Z", "2026-11-26T00:10:00Z")]
    [InlineData("America/New_York", "00:10", "2026-11-25T04:00:00Z", "2026-11-25T05:10:00Z")]
    public void The_daily_sync_runs_at_the_next_schedule_startup_in_the_schedule_time_zone(string zone, string startup, string now, string expected)
    {
        var schedule = new ScheduleDefinition
        {
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone),
            Startup = TimeOnly.Parse(startup, System.Globalization.CultureInfo.InvariantCulture),
            Teardown = new TimeOnly(0, 0),
        };

        var next = SecmasterSyncService.NextRun(schedule, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }
}
