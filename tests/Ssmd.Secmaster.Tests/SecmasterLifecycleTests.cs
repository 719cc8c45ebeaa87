using Microsoft.Extensions.Logging.Abstractions;
using Ssmd.Secmaster.Internal;
using Ssmd.Secmaster.Tests.Infrastructure;
using Ssmd.Testing;

namespace Ssmd.Secmaster.Tests;

public sealed class SecmasterLifecycleTests(PostgresServerFixture postgres, NatsServerFixture nats)
{
    [Fact(Timeout = 60_000)]
    public async Task Lifecycle_messages_move_a_market_through_determined_and_settled_each_with_history_and_an_event()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        await using var stream = await ChangeStream.CreateAsync(nats, ct);
        var repository = db.Repository;
        await repository.WriteMarketPageAsync(Pages.Rows(0, 1), null, ct);
        var ticker = MarketGenerator.Ticker(0);
        var lifecycle = new SecmasterLifecycle(repository, stream.Publisher(repository), NullLogger<SecmasterLifecycle>.Instance);
        var determinedAt = new DateTimeOffset(2026, 8, 1, 0, 16, 3, TimeSpan.Zero);
        var settledAt = determinedAt.AddMinutes(1);

        var determined = await lifecycle.ApplyLifecycleAsync(new SecmasterLifecycleUpdate
        {
            Ticker = ticker, Kind = SecmasterLifecycleKind.Determined, Result = "yes", SettlementValue = 10_000, DeterminedAt = determinedAt,
        }, ct);
        var settled = await lifecycle.ApplyLifecycleAsync(new SecmasterLifecycleUpdate
        {
            Ticker = ticker, Kind = SecmasterLifecycleKind.Settled, SettledAt = settledAt,
        }, ct);
        var again = await lifecycle.ApplyLifecycleAsync(new SecmasterLifecycleUpdate
        {
            Ticker = ticker, Kind = SecmasterLifecycleKind.Settled, SettledAt = settledAt,
        }, ct);

        Assert.Equal(2, determined!.Version);
        Assert.Equal(
            [new("status", "active", "determined"), new("result", "", "yes"), new("settlement_value", null, "10000"), new("determined_at", null, "2026-08-01 00:16:03+00")],
            determined.Fields);
        Assert.Equal(3, settled!.Version);
        Assert.Equal([new("status", "determined", "finalized"), new("settled_at", null, "2026-08-01 00:17:03+00")], settled.Fields);
        Assert.Null(again);

        var detail = (await repository.GetMarketAsync(ticker, ct))!;
        Assert.Equal("finalized", detail.Market.Status);
        Assert.Equal("yes", detail.Market.Result);
        Assert.Equal(10_000, detail.Market.SettlementValue);
        Assert.Equal(determinedAt, detail.Market.DeterminedAt);
        Assert.Equal(settledAt, detail.Market.SettledAt);
        Assert.Equal(["created", "status", "result", "settlement_value", "determined_at", "status", "settled_at"], detail.History.Select(h => h.Field).ToArray());
        Assert.All(detail.History.Skip(1), h => Assert.Equal("lifecycle", h.Source));

        // Version 1 was committed without a publisher (a crash before publishing): the next run sends it.
        // The mark moves only over unbroken runs, so versions 2 and 3 go again: JetStream drops them as duplicates.
        Assert.Equal(3, await stream.Publisher(repository).RepublishPendingAsync(ct));
        Assert.Equal(0, await stream.Publisher(repository).RepublishPendingAsync(ct));
        var events = await stream.ReadAllAsync(ct);
        Assert.Equal([$"secmaster:{ticker}:2", $"secmaster:{ticker}:3", $"secmaster:{ticker}:1"], events.Select(e => e.MsgId).ToArray());
        Assert.Contains("\"new\":\"finalized\"", events[1].Body, StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_lifecycle_message_received_well_before_the_sync_started_does_not_undo_what_that_sync_read(bool stillRunning)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        // A sync that ran to its end (its last page has no cursor) read both markets as active...
        await repository.WriteMarketPageAsync(Pages.Rows(0, 2), new SyncScope("markets", Guid.NewGuid(), null), ct);
        if (stillRunning)
        {
            // ...yesterday; today's (the worker's start-up sync) has committed a first page that read them
            // again, and has more to read.
            await using (var yesterday = db.DataSource.CreateCommand("UPDATE sync_state SET started_at = now() - interval '1 day', completed_at = now() - interval '1 day'"))
                await yesterday.ExecuteNonQueryAsync(ct);
            await repository.WriteMarketPageAsync(Pages.Rows(0, 2), new SyncScope("markets", Guid.NewGuid(), "page-2"), ct);
        }

        var lifecycle = new SecmasterLifecycle(repository, null, NullLogger<SecmasterLifecycle>.Instance);
        var now = DateTimeOffset.UtcNow;

        // A backlog the worker reads after being down: a pause received ten minutes before that sync...
        var old = await lifecycle.ApplyAsync(new SecmasterLifecycleUpdate
        {
            Ticker = MarketGenerator.Ticker(0), Kind = SecmasterLifecycleKind.Deactivated, ReceivedAt = now.AddMinutes(-10),
        }, new SecmasterLifecycleCheckpoint("KALSHI_NORMALIZED", now.AddDays(-1), 1), ct);
        // ...and one received after it.
        var fresh = await lifecycle.ApplyAsync(new SecmasterLifecycleUpdate
        {
            Ticker = MarketGenerator.Ticker(1), Kind = SecmasterLifecycleKind.Deactivated, ReceivedAt = now,
        }, new SecmasterLifecycleCheckpoint("KALSHI_NORMALIZED", now.AddDays(-1), 2), ct);

        Assert.Equal(SecmasterLifecycleOutcome.Stale, old.Outcome);
        Assert.Equal(SecmasterLifecycleOutcome.Changed, fresh.Outcome);
        Assert.Equal("active", (await repository.GetMarketAsync(MarketGenerator.Ticker(0), ct))!.Market.Status);
        Assert.Equal("inactive", (await repository.GetMarketAsync(MarketGenerator.Ticker(1), ct))!.Market.Status);
        Assert.Equal(2, await db.CountAsync("SELECT last_sequence FROM lifecycle_checkpoint", ct)); // both moved the checkpoint
    }

    [Fact(Timeout = 60_000)]
    public async Task Pause_resume_close_moves_and_new_markets_from_the_stream_are_recorded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        await repository.WriteMarketPageAsync(Pages.Rows(0, 1), null, ct);
        var ticker = MarketGenerator.Ticker(0);
        var lifecycle = new SecmasterLifecycle(repository, null, NullLogger<SecmasterLifecycle>.Instance);
        var newClose = new DateTimeOffset(2026, 8, 1, 0, 30, 0, TimeSpan.Zero);

        await lifecycle.ApplyLifecycleAsync(new() { Ticker = ticker, Kind = SecmasterLifecycleKind.Deactivated }, ct);
        await lifecycle.ApplyLifecycleAsync(new() { Ticker = ticker, Kind = SecmasterLifecycleKind.Activated }, ct);
        await lifecycle.ApplyLifecycleAsync(new() { Ticker = ticker, Kind = SecmasterLifecycleKind.CloseDateUpdated, CloseTime = newClose }, ct);
        await lifecycle.ApplyLifecycleAsync(new() { Ticker = ticker, Kind = SecmasterLifecycleKind.StatusObserved, Status = "closed" }, ct);
        var created = await lifecycle.ApplyLifecycleAsync(new()
        {
            Ticker = "KXNEW-26AUG01-T1.5", Kind = SecmasterLifecycleKind.Created, EventTicker = "KXNEW-26AUG01", Title = "New",
            OpenTime = newClose, CloseTime = newClose.AddHours(1),
        }, ct);
        var unknown = await lifecycle.ApplyLifecycleAsync(new() { Ticker = "KXNOPE-1", Kind = SecmasterLifecycleKind.Determined, Result = "no" }, ct);

        var history = (await repository.GetMarketAsync(ticker, ct))!.History;
        Assert.Equal(
            ["created", "status:active>inactive", "status:inactive>active", "close_time:2026-08-01 00:15:00+00>2026-08-01 00:30:00+00", "status:active>closed"],
            history.Select(h => h.Field == "created" ? "created" : $"{h.Field}:{h.OldValue}>{h.NewValue}").ToArray());
        Assert.True(created!.IsCreated);
        var fresh = (await repository.GetMarketAsync("KXNEW-26AUG01-T1.5", ct))!.Market;
        Assert.Equal("initialized", fresh.Status);
        Assert.Equal(newClose.AddHours(1), fresh.CloseTime);
        Assert.Null(unknown);
        Assert.Null(await repository.GetMarketAsync("KXNOPE-1", ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_redelivered_message_is_recognised_by_its_stream_sequence_and_never_undoes_a_later_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        await repository.WriteMarketPageAsync(Pages.Rows(0, 1), null, ct);
        var ticker = MarketGenerator.Ticker(0);
        var lifecycle = new SecmasterLifecycle(repository, null, NullLogger<SecmasterLifecycle>.Instance);
        var created = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
        var determined = new SecmasterLifecycleUpdate { Ticker = ticker, Kind = SecmasterLifecycleKind.Determined, Result = "no", SettlementValue = 0 };
        var settled = new SecmasterLifecycleUpdate { Ticker = ticker, Kind = SecmasterLifecycleKind.Settled };

        var first = await lifecycle.ApplyAsync(determined, new("KALSHI_NORMALIZED", created, 5), ct);
        var second = await lifecycle.ApplyAsync(settled, new("KALSHI_NORMALIZED", created, 6), ct);
        // The ack of message 5 was lost: it comes again after 6. Applied again it would move the market back to determined.
        var redelivered = await lifecycle.ApplyAsync(determined, new("KALSHI_NORMALIZED", created, 5), ct);
        // The stream was deleted and created again: its sequences start again, and apply.
        var recreated = await lifecycle.ApplyAsync(new() { Ticker = ticker, Kind = SecmasterLifecycleKind.StatusObserved, Status = "closed" }, new("KALSHI_NORMALIZED", created.AddDays(1), 1), ct);

        Assert.Equal(
            [SecmasterLifecycleOutcome.Changed, SecmasterLifecycleOutcome.Changed, SecmasterLifecycleOutcome.Duplicate, SecmasterLifecycleOutcome.Changed],
            new[] { first.Outcome, second.Outcome, redelivered.Outcome, recreated.Outcome });
        var history = (await repository.GetMarketAsync(ticker, ct))!.History;
        Assert.Equal(["created", "status", "result", "settlement_value", "status", "status"], history.Select(h => h.Field).ToArray());
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM market_history WHERE field = 'result'", ct));
    }
}
