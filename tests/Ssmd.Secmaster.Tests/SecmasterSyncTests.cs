using Microsoft.Extensions.Logging.Abstractions;
using Ssmd.Secmaster.Tests.Infrastructure;
using Ssmd.Testing;

namespace Ssmd.Secmaster.Tests;

/// <summary>
/// Crash recovery against a stand-in exchange that fails on cue (the simulator has no REST connection
/// drop); the acceptance runs against the simulator are in <see cref="SimulatorSyncTests"/>.
/// </summary>
public sealed class SecmasterSyncTests(PostgresServerFixture postgres, NatsServerFixture nats)
{
    private static CancellationToken Timeout(int seconds)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(TimeSpan.FromSeconds(seconds));
        return source.Token;
    }

    private static SecmasterSync Sync(SecmasterRepository repository, TestExchange exchange, SecmasterChangePublisher? publisher, HttpClient http, int maxRetries = 8) =>
        new(repository, http, new SecmasterSyncSettings
        {
            RestUrl = exchange.RestUrl,
            RequestsPerSecond = 1000,
            Burst = 1000,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        }, publisher, NullLogger<SecmasterSync>.Instance);

    [Fact]
    public async Task A_sync_that_dies_half_way_resumes_from_its_last_committed_page()
    {
        var ct = Timeout(120);
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        await using var stream = await ChangeStream.CreateAsync(nats, ct);
        await using var exchange = await TestExchange.StartAsync(5_000, ct);
        using var http = new HttpClient();
        var repository = db.Repository;

        exchange.DropMarketPage = 3;
        using (var dying = Sync(repository, exchange, stream.Publisher(repository), http, maxRetries: 0))
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => dying.RunAsync(ct));
        Assert.Equal(2_000, await db.CountAsync("SELECT count(*) FROM markets", ct));

        using var sync = Sync(repository, exchange, stream.Publisher(repository), http);
        var resumed = await sync.RunAsync(ct);

        Assert.True(resumed.Resumed);
        Assert.Equal(3_000, resumed.MarketsRead);
        Assert.Equal(5_000, await db.CountAsync("SELECT count(*) FROM markets", ct));
        Assert.Equal(5_000, await db.CountAsync("SELECT count(*) FROM market_history", ct));
        Assert.Equal(5_000, await stream.CountAsync(ct));
        var next = await sync.RunAsync(ct);
        Assert.False(next.Resumed);
        Assert.Equal(5_000, next.MarketsRead);
    }

    [Fact]
    public async Task Changes_committed_but_never_published_are_sent_once_on_the_next_run()
    {
        var ct = Timeout(60);
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        await using var stream = await ChangeStream.CreateAsync(nats, ct);
        var repository = db.Repository;
        var publisher = stream.Publisher(repository);

        // A process that committed and stopped before publishing.
        var committed = await repository.WriteMarketPageAsync(Pages.Rows(0, 50), null, ct);
        await publisher.PublishAsync(committed.Take(20).ToList(), ct);

        Assert.Equal(30, await publisher.RepublishPendingAsync(ct));
        Assert.Equal(0, await publisher.RepublishPendingAsync(ct));
        // A second publish of the same change (a retry after a crash) is a duplicate for JetStream.
        await publisher.PublishAsync(committed.Take(5).ToList(), ct);
        Assert.Equal(50, await stream.CountAsync(ct));
    }
}
