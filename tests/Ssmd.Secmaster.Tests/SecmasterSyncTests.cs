using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Secmaster.Tests.Infrastructure;
using Ssmd.Testing;

namespace Ssmd.Secmaster.Tests;

/// <summary>
/// Crash recovery against a stand-in exchange that fails on cue (the simulator has no REST connection
/// drop); the acceptance runs against the simulator are in <see cref="SimulatorSyncTests"/>.
/// </summary>
public sealed class SecmasterSyncTests(PostgresServerFixture postgres, NatsServerFixture nats)
{
    private static SecmasterSync Sync(SecmasterRepository repository, TestExchange exchange, SecmasterChangePublisher? publisher, HttpClient http, int maxRetries = 8) =>
        new(repository, http, new SecmasterSyncSettings
        {
            RestUrl = exchange.RestUrl,
            RequestsPerSecond = 1000,
            Burst = 1000,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        }, publisher, NullLogger<SecmasterSync>.Instance);

    [Fact(Timeout = 120_000)]
    public async Task A_sync_that_dies_half_way_resumes_from_its_last_committed_page()
    {
        var ct = TestContext.Current.CancellationToken;
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

    [Fact(Timeout = 60_000)]
    public async Task Changes_committed_but_never_published_are_sent_once_on_the_next_run()
    {
        var ct = TestContext.Current.CancellationToken;
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

    [Fact(Timeout = 60_000)]
    public async Task A_refused_event_with_later_chunks_in_flight_fails_the_publish_and_records_exactly_what_was_stored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        await using var connection = await nats.CreateConnectionAsync(ct);
        var jetStream = new NatsJSContext(connection);
        var prefix = nats.NextSubjectPrefix();
        var stream = nats.NextStreamName("SECMASTER");
        // A full stream refuses new messages: the 501st event on is refused, in the first chunk of three.
        await jetStream.CreateStreamAsync(new StreamConfig(stream, [$"{prefix}.secmaster.>"]) { MaxMsgs = 500, Discard = StreamConfigDiscard.New }, ct);
        var repository = db.Repository;
        await using var publisher = new SecmasterChangePublisher(jetStream, repository, NullLogger<SecmasterChangePublisher>.Instance, prefix);
        var changes = new List<SecmasterChange>();
        for (var page = 0; page < 3; page++)
            changes.AddRange(await repository.WriteMarketPageAsync(Pages.Rows(page * 1_000, 1_000), null, ct));

        // Before: the settling of the chunks still in flight after the first failure was skipped, and the
        // drain spun on them forever.
        await Assert.ThrowsAsync<NatsJSException>(() => publisher.PublishAsync(changes, ct));

        Assert.Equal(500, (long)(await jetStream.GetStreamAsync(stream, cancellationToken: ct)).Info.State.Messages);
        Assert.Equal(2_500, (await repository.ReadUnpublishedAsync(10_000, ct)).Count);
    }

    [Fact(Timeout = 120_000)]
    public async Task Events_published_while_NATS_is_away_all_arrive_once_when_it_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        // A server of its own: this test stops it.
        await using var server = new NatsServerFixture();
        await server.StartAsync(ct);
        // A one-second acknowledgement timeout: events whose acknowledgement is late fail and are sent again.
        await using var connection = new NatsConnection(new NatsOpts { Url = server.Url, RequestTimeout = TimeSpan.FromSeconds(1) });
        await connection.ConnectAsync();
        var jetStream = new NatsJSContext(connection);
        var prefix = server.NextSubjectPrefix();
        var stream = server.NextStreamName("SECMASTER");
        await jetStream.CreateStreamAsync(new StreamConfig(stream, [$"{prefix}.secmaster.>"]) { DuplicateWindow = TimeSpan.FromMinutes(2) }, ct);
        var repository = db.Repository;
        await using var publisher = new SecmasterChangePublisher(jetStream, repository, NullLogger<SecmasterChangePublisher>.Instance, prefix);
        var changes = new List<SecmasterChange>();
        for (var page = 0; page < 3; page++)
            changes.AddRange(await repository.WriteMarketPageAsync(Pages.Rows(page * 1_000, 1_000), null, ct));

        // 3,000 events (~1 MB, far more than the connection's 64 KiB write buffer) while the server is away:
        // the publisher waits for the connection instead of queueing every event behind it.
        await server.StopAsync();
        var publishing = publisher.PublishAsync(changes, ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        Assert.False(publishing.IsCompleted);
        await server.RestartAsync(ct);
        try
        {
            await publishing;
        }
        catch (NatsJSException)
        {
            // Acknowledgements that came after their timeout: those events are sent again below.
        }

        while (connection.ConnectionState != NatsConnectionState.Open)
            await Task.Delay(50, ct);
        // What the worker's next runs do. On a loaded machine an acknowledgement can outlast the 1 s timeout
        // here too: that event stays unpublished for the next attempt.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await publisher.RepublishPendingAsync(ct);
                break;
            }
            catch (NatsJSException) when (attempt < 5)
            {
            }
        }

        Assert.Empty(await repository.ReadUnpublishedAsync(10_000, ct));
        // Every event once: the ones stored before their acknowledgement timed out were duplicates the second time.
        Assert.Equal(3_000, (long)(await jetStream.GetStreamAsync(stream, cancellationToken: ct)).Info.State.Messages);
    }

    [Fact(Timeout = 60_000)]
    public async Task Bytes_that_are_not_UTF_8_a_NUL_or_half_a_surrogate_pair_from_the_exchange_are_stored_as_U_FFFD_and_fail_no_page()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        await using var exchange = await TestExchange.StartAsync(1_500, ct);
        // PostgreSQL refuses all three (text and jsonb a NUL and bytes that are not UTF-8, jsonb half a pair),
        // and .NET cannot read the first or the last as a string: each failed its whole page, every sync.
        var eventTitle = $"Event {MarketGenerator.EventTicker(700)}";
        exchange.RewriteBody = body => Replace(Replace(Replace(body,
            "\"title\":\"Test market 7\"", "\"title\":\"Test market 7\\u0000\""u8),
            "\"title\":\"Test market 8\"", [.. "\"title\":\"Test market 8"u8, 0xFF, (byte)'"']),
            $"\"title\":\"{eventTitle}\"", Encoding.UTF8.GetBytes($"\"title\":\"\\ud800{eventTitle}\""));
        using var http = new HttpClient();
        using var sync = Sync(db.Repository, exchange, null, http);

        var first = await sync.RunAsync(ct);

        Assert.Equal((1_500, 3), (first.MarketsCreated, first.BadFields));
        Assert.Equal(1_500, await db.CountAsync("SELECT count(*) FROM markets", ct));
        foreach (var i in new[] { 7, 8 })
            Assert.Equal(1, await db.CountAsync($"SELECT count(*) FROM markets WHERE ticker = '{MarketGenerator.Ticker(i)}' AND title = 'Test market {i}\uFFFD' AND raw->>'title' = title", ct));
        Assert.Equal(1, await db.CountAsync($"SELECT count(*) FROM events WHERE event_ticker = '{MarketGenerator.EventTicker(700)}' AND title = '\uFFFD{eventTitle}' AND raw->>'title' = title", ct));
        // The same bytes are replaced the same way: the next sync finds nothing changed.
        var second = await sync.RunAsync(ct);
        Assert.Equal((0, 0), (second.MarketsCreated, second.MarketsChanged));
        Assert.Equal(1_500, await db.CountAsync("SELECT count(*) FROM market_history", ct));
    }

    /// <summary><paramref name="body"/> with the first occurrence of <paramref name="text"/> (as UTF-8), if any, replaced by <paramref name="bytes"/>.</summary>
    private static byte[] Replace(byte[] body, string text, ReadOnlySpan<byte> bytes)
    {
        var find = Encoding.UTF8.GetBytes(text);
        var at = body.AsSpan().IndexOf(find);
        return at < 0 ? body : [.. body.AsSpan(0, at), .. bytes, .. body.AsSpan(at + find.Length)];
    }

    [Fact(Timeout = 60_000)]
    public async Task A_page_longer_than_the_clients_buffer_limit_fails_the_sync_with_a_clear_error_and_commits_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        await using var exchange = await TestExchange.StartAsync(1_000, ct);
        // A market page of 1,000 is several hundred kilobytes: far over this limit.
        using var http = new HttpClient { MaxResponseContentBufferSize = 64 * 1024 };
        using var sync = Sync(db.Repository, exchange, null, http, maxRetries: 0);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => sync.RunAsync(ct));

        Assert.Contains("longer than 65536 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM markets", ct));
    }
}
