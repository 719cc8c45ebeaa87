using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Normalized;
using Ssmd.Secmaster.Tests.Infrastructure;
using Ssmd.Streams;
using Ssmd.Testing;
using Ssmd.Worker.Secmaster;

namespace Ssmd.Secmaster.Tests;

/// <summary>
/// The worker's lifecycle consumer against real MarketStatus messages on the sim environment's
/// normalized stream. Each test has a nats-server of its own: the environment's stream and subjects
/// (KALSHI_NORMALIZED, kalshi.status.&gt;) are fixed, so tests cannot share one server.
/// </summary>
public sealed class LifecycleConsumerTests(PostgresServerFixture postgres)
{
    private const string Stream = "KALSHI_NORMALIZED";
    private const string ChangeStreamName = "KALSHI_SECMASTER";

    private static WebApplicationFactory<SecmasterWorkerOptions> Worker(string database, string natsUrl, params (string Key, string Value)[] extra)
    {
        var settings = Settings(database, natsUrl, extra);
        return new WebApplicationFactory<SecmasterWorkerOptions>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings)
                host.UseSetting(key, value);
        });
    }

    private static Dictionary<string, string?> Settings(string database, string natsUrl, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:secmaster"] = database,
            ["ConnectionStrings:nats"] = natsUrl,
            ["Secmaster:SyncAtStartup"] = "false",
            ["Secmaster:SyncDaily"] = "false",
            ["Secmaster:StreamName"] = ChangeStreamName,
            ["Secmaster:LifecycleMaxRetryDelay"] = "00:00:01",
        };
        foreach (var (key, value) in extra)
            settings[key] = value;
        return settings;
    }

    private static async Task PublishAsync(INatsJSContext js, string ticker, byte[] payload, CancellationToken ct) =>
        (await js.PublishAsync(SsmdSubjects.Normalized("kalshi", NormalizedKind.Status, ticker), payload, cancellationToken: ct)).EnsureSuccess();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        while (!await condition())
            await Task.Delay(100, ct);
    }

    /// <summary>Every message delivered and acknowledged: nothing pending, nothing waiting for an ack.</summary>
    private static async Task<bool> ConsumerIsDrainedAsync(INatsJSContext js, CancellationToken ct)
    {
        var consumer = await js.GetConsumerAsync(Stream, "secmaster-lifecycle", ct);
        return consumer.Info.NumPending == 0 && consumer.Info.NumAckPending == 0;
    }

    private static async Task<double> MetricAsync(HttpClient client, string series, CancellationToken ct)
    {
        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct);
        var match = Regex.Match(text, "^" + Regex.Escape(series) + @" (\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"{series} is not on /metrics");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact(Timeout = 90_000)]
    public async Task Status_messages_move_markets_through_their_lifecycle_with_history_rows_and_change_events()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        await repository.WriteMarketPageAsync(Pages.Rows(0, 1), null, ct);
        await repository.MarkPublishedAsync([new SecmasterChange(MarketGenerator.Ticker(0), 1, "sync", DateTimeOffset.UtcNow, [])], ct);
        var ticker = MarketGenerator.Ticker(0);
        const string fresh = "KXNEW-26AUG01-T1.5";
        var close = new DateTimeOffset(2026, 8, 1, 0, 30, 0, TimeSpan.Zero);
        var determinedAt = new DateTimeOffset(2026, 8, 1, 0, 31, 3, TimeSpan.Zero);
        var settledAt = determinedAt.AddMinutes(1);

        await using var worker = Worker(await ConnectionStringAsync(db), nats.Url);
        using var client = worker.CreateClient();
        await using var connection = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(connection);
        await PublishAsync(js, ticker, StatusMessages.Paused(ticker, true), ct);
        await PublishAsync(js, ticker, StatusMessages.Paused(ticker, false), ct);
        await PublishAsync(js, ticker, StatusMessages.CloseMoved(ticker, close), ct);
        await PublishAsync(js, ticker, StatusMessages.Determined(ticker, Result.Yes, 10_000, determinedAt), ct);
        await PublishAsync(js, ticker, StatusMessages.Settled(ticker, settledAt), ct);
        // The same news twice (the exchange resends, or a connector restart): the second changes nothing.
        await PublishAsync(js, ticker, StatusMessages.Settled(ticker, settledAt), ct);
        await PublishAsync(js, fresh, StatusMessages.Created(fresh, "KXNEW-26AUG01", "New market", close, close.AddHours(1)), ct);
        await WaitUntilAsync(() => ConsumerIsDrainedAsync(js, ct), ct);

        var detail = (await repository.GetMarketAsync(ticker, ct))!;
        Assert.Equal(
            ["created", "status:active>inactive", "status:inactive>active", "close_time:2026-08-01 00:15:00+00>2026-08-01 00:30:00+00",
             "status:active>determined", "result:>yes", "settlement_value:>10000", "determined_at:>2026-08-01 00:31:03+00",
             "status:determined>finalized", "settled_at:>2026-08-01 00:32:03+00"],
            detail.History.Select(h => h.Field == "created" ? "created" : $"{h.Field}:{h.OldValue}>{h.NewValue}").ToArray());
        Assert.All(detail.History.Skip(1), h => Assert.Equal("lifecycle", h.Source));
        Assert.Equal(("finalized", "yes", 10_000L, close), (detail.Market.Status, detail.Market.Result, detail.Market.SettlementValue!.Value, detail.Market.CloseTime!.Value));
        Assert.Equal((determinedAt, settledAt), (detail.Market.DeterminedAt!.Value, detail.Market.SettledAt!.Value));
        var created = (await repository.GetMarketAsync(fresh, ct))!;
        Assert.Equal(("initialized", "KXNEW-26AUG01", "New market", close.AddHours(1)), (created.Market.Status, created.Market.EventTicker, created.Market.Title, created.Market.CloseTime!.Value));

        // Each committed change is a change event, acknowledged and recorded as published.
        var events = await ReadMessageIdsAsync(js, ct);
        Assert.Equal([.. Enumerable.Range(2, 5).Select(v => $"secmaster:{ticker}:{v}"), $"secmaster:{fresh}:1"], events);
        Assert.Empty(await repository.ReadUnpublishedAsync(10, ct));
        Assert.Equal(1, await MetricAsync(client, "ssmd_secmaster_lifecycle_skipped_total{reason=\"unchanged\"}", ct));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_garbage_payload_an_unknown_market_or_a_NUL_in_a_title_is_counted_and_the_next_message_still_applies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        await db.Repository.WriteMarketPageAsync(Pages.Rows(0, 1), null, ct);
        var ticker = MarketGenerator.Ticker(0);

        await using var worker = Worker(await ConnectionStringAsync(db), nats.Url);
        using var client = worker.CreateClient();
        var malformedBefore = await MetricAsync(client, "ssmd_secmaster_lifecycle_rejected_total{reason=\"malformed\"}", ct);
        var unknownBefore = await MetricAsync(client, "ssmd_secmaster_lifecycle_rejected_total{reason=\"unknown_ticker\"}", ct);
        var badFieldsBefore = await MetricAsync(client, "ssmd_secmaster_bad_fields_total", ct);
        await using var connection = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(connection);
        await PublishAsync(js, ticker, "{\"this\":\"is json, not capnp\"}"u8.ToArray(), ct);
        await PublishAsync(js, "KXNOPE-1", StatusMessages.Determined("KXNOPE-1", Result.No, 0, DateTimeOffset.UtcNow), ct);
        // PostgreSQL refuses a NUL in text: unrepaired, this message would be retried forever and hold back the next.
        await PublishAsync(js, "KXNUL-1", StatusMessages.Created("KXNUL-1", "KXNUL", "Gold\0 above", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)), ct);
        await PublishAsync(js, ticker, StatusMessages.Paused(ticker, true), ct);
        await WaitUntilAsync(() => ConsumerIsDrainedAsync(js, ct), ct);

        Assert.Equal("inactive", (await db.Repository.GetMarketAsync(ticker, ct))!.Market.Status);
        Assert.Null(await db.Repository.GetMarketAsync("KXNOPE-1", ct));
        Assert.Equal("Gold\uFFFD above", (await db.Repository.GetMarketAsync("KXNUL-1", ct))!.Market.Title);
        Assert.Equal(badFieldsBefore + 1, await MetricAsync(client, "ssmd_secmaster_bad_fields_total", ct));
        Assert.Equal(malformedBefore + 1, await MetricAsync(client, "ssmd_secmaster_lifecycle_rejected_total{reason=\"malformed\"}", ct));
        Assert.Equal(unknownBefore + 1, await MetricAsync(client, "ssmd_secmaster_lifecycle_rejected_total{reason=\"unknown_ticker\"}", ct));
    }

    [Fact(Timeout = 120_000)]
    public async Task Messages_a_stopped_worker_held_unacknowledged_are_applied_after_its_restart_and_not_skipped_behind_newer_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        await db.Repository.WriteMarketPageAsync(Pages.Rows(0, 3), null, ct);
        string[] tickers = [.. Enumerable.Range(0, 3).Select(MarketGenerator.Ticker)];
        var database = await ConnectionStringAsync(db);
        var ackWait = ("Secmaster:LifecycleAckWait", "00:00:02");

        // A first worker creates the durable consumer, as deployed, and stops.
        await using (var first = Worker(database, nats.Url, ackWait))
        {
            using var started = first.CreateClient();
        }

        await using var connection = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(connection);
        await PublishAsync(js, tickers[0], StatusMessages.Paused(tickers[0], true), ct);
        await PublishAsync(js, tickers[1], StatusMessages.Paused(tickers[1], true), ct);
        // A worker that dies holding what it pulled: taken from the durable consumer, never acknowledged.
        var consumer = await js.GetConsumerAsync(Stream, "secmaster-lifecycle", ct);
        var held = 0;
        await foreach (var _ in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 10, Expires = TimeSpan.FromSeconds(1) }, cancellationToken: ct))
            held++;
        Assert.True(held >= 1, "the dying worker held nothing");
        // News published after it died: a restarted worker must not apply it before what the dead one held.
        await PublishAsync(js, tickers[2], StatusMessages.Paused(tickers[2], true), ct);

        await using var second = Worker(database, nats.Url, ackWait);
        using var client = second.CreateClient();
        await WaitUntilAsync(() => ConsumerIsDrainedAsync(js, ct), ct);

        foreach (var ticker in tickers)
        {
            var detail = (await db.Repository.GetMarketAsync(ticker, ct))!;
            Assert.True(detail.Market.Status == "inactive", $"{ticker} is '{detail.Market.Status}': its pause was skipped");
            Assert.Contains(detail.History, h => h is { Field: "status", OldValue: "active", NewValue: "inactive", Source: "lifecycle" });
        }

        Assert.Equal(0, await MetricAsync(client, "ssmd_secmaster_lifecycle_skipped_total{reason=\"duplicate\"}", ct));
    }

    [Fact(Timeout = 120_000)]
    public async Task Messages_of_a_normalized_stream_deleted_and_created_again_while_the_worker_runs_are_applied_not_skipped_as_redeliveries()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        await db.Repository.WriteMarketPageAsync(Pages.Rows(0, 2), null, ct);
        var (t0, t1) = (MarketGenerator.Ticker(0), MarketGenerator.Ticker(1));
        await using var worker = Worker(await ConnectionStringAsync(db), nats.Url);
        using var client = worker.CreateClient();
        await using var connection = await nats.CreateConnectionAsync(ct);
        var js = new NatsJSContext(connection);
        for (var i = 0; i < 5; i++)
            await PublishAsync(js, t0, StatusMessages.Paused(t0, i % 2 == 0), ct);
        await WaitUntilAsync(() => ConsumerIsDrainedAsync(js, ct), ct);

        // An operator deletes the stream (or NATS loses its storage) and it is created again a little later:
        // the worker finds it missing for a while, then a stream whose sequences start again at 1, all at or
        // below the checkpoint of the old one.
        var config = (await js.GetStreamAsync(Stream, cancellationToken: ct)).Info.Config;
        await js.DeleteStreamAsync(Stream, ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        await js.CreateStreamAsync(config, ct);
        await PublishAsync(js, t1, StatusMessages.Paused(t1, true), ct);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await db.Repository.GetMarketAsync(t1, ct))!.Market.Status != "inactive")
        {
            Assert.True(DateTime.UtcNow < deadline, $"{t1} was not paused by the new stream's first message");
            await Task.Delay(100, ct);
        }

        Assert.Equal(0, await MetricAsync(client, "ssmd_secmaster_lifecycle_skipped_total{reason=\"duplicate\"}", ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_lifecycle_filter_the_normalized_stream_does_not_carry_stops_the_worker_at_start_up()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        await using var worker = WorkerHost.Build(Settings(await ConnectionStringAsync(db), nats.Url, ("Secmaster:LifecycleFilter", "kalshi.lifecycle.>")));

        var error = await Assert.ThrowsAsync<SsmdStreamException>(() => worker.StartAsync(ct));

        Assert.Contains("kalshi.lifecycle.>", error.Message, StringComparison.Ordinal);
        Assert.Contains(Stream, error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<string>> ReadMessageIdsAsync(INatsJSContext js, CancellationToken ct)
    {
        var stream = await js.GetStreamAsync(ChangeStreamName, cancellationToken: ct);
        var total = (long)stream.Info.State.Messages;
        var ids = new List<string>();
        if (total == 0)
            return ids;
        var consumer = await stream.CreateOrderedConsumerAsync(new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.All }, ct);
        await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: ct))
        {
            ids.Add(message.Headers?["Nats-Msg-Id"].ToString() ?? "");
            if (ids.Count == total)
                break;
        }

        return ids;
    }

    private static Task<string> ConnectionStringAsync(SecmasterDatabase db) => Task.FromResult(db.DataSource.ConnectionString);
}
