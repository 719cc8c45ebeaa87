using Ssmd.Normalized;
using Ssmd.Secmaster.Tests.Infrastructure;

namespace Ssmd.Secmaster.Tests;

public sealed class SecmasterStatusMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 8, 1, 0, 16, 3, TimeSpan.Zero);

    [Fact]
    public void A_determined_message_becomes_a_result_a_settlement_value_and_a_determination_time()
    {
        var read = SecmasterStatusMessage.Read(StatusMessages.Determined("KXT-1", Result.Yes, 10_000, At), null);

        Assert.Null(read.Rejection);
        Assert.Equal(new SecmasterLifecycleUpdate { Ticker = "KXT-1", Kind = SecmasterLifecycleKind.Determined, Result = "yes", SettlementValue = 10_000, DeterminedAt = At }, Untimed(read.Update));
        // The connector's receive time comes along: it tells a backlog older than the last sync.
        Assert.InRange(read.Update!.ReceivedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
    }

    private static SecmasterLifecycleUpdate? Untimed(SecmasterLifecycleUpdate? update) => update is null ? null : update with { ReceivedAt = null };

    [Fact]
    public void Settled_close_moves_pauses_resumes_and_creations_map_to_their_lifecycle_kinds()
    {
        Assert.Equal(new SecmasterLifecycleUpdate { Ticker = "KXT-1", Kind = SecmasterLifecycleKind.Settled, SettledAt = At },
            Untimed(SecmasterStatusMessage.Read(StatusMessages.Settled("KXT-1", At), null).Update));
        Assert.Equal(new SecmasterLifecycleUpdate { Ticker = "KXT-1", Kind = SecmasterLifecycleKind.CloseDateUpdated, CloseTime = At },
            Untimed(SecmasterStatusMessage.Read(StatusMessages.CloseMoved("KXT-1", At), null).Update));
        Assert.Equal(SecmasterLifecycleKind.Deactivated, SecmasterStatusMessage.Read(StatusMessages.Paused("KXT-1", true), null).Update!.Kind);
        Assert.Equal(SecmasterLifecycleKind.Activated, SecmasterStatusMessage.Read(StatusMessages.Paused("KXT-1", false), null).Update!.Kind);
        Assert.Equal(
            new SecmasterLifecycleUpdate { Ticker = "KXT-2", Kind = SecmasterLifecycleKind.Created, EventTicker = "KXT", Title = "New", OpenTime = At, CloseTime = At.AddHours(1) },
            Untimed(SecmasterStatusMessage.Read(StatusMessages.Created("KXT-2", "KXT", "New", At, At.AddHours(1)), null).Update));
        Assert.Equal(new SecmasterLifecycleUpdate { Ticker = "KXT-1", Kind = SecmasterLifecycleKind.StatusObserved, Status = "closed" },
            Untimed(SecmasterStatusMessage.Read(StatusMessages.Build("KXT-1", LifecycleEvent.StatusSnapshot, Status.Closed), null).Update));
    }

    [Fact]
    public void Garbage_unknown_events_and_impossible_times_are_rejected_with_a_reason_not_an_exception()
    {
        var garbage = SecmasterStatusMessage.Read("not a capnp message at all"u8.ToArray(), "KXT-1");
        var unknown = SecmasterStatusMessage.Read(StatusMessages.Build("KXT-1", LifecycleEvent.Unknown, Status.Active), null);
        var seconds = SecmasterStatusMessage.Read(StatusMessages.Build("KXT-1", LifecycleEvent.CloseDateUpdated, Status.Active, d => d.CloseTime = 1_785_000_000), null);
        var noTime = SecmasterStatusMessage.Read(StatusMessages.Build("KXT-1", LifecycleEvent.CloseDateUpdated, Status.Active), null);

        Assert.Equal((null, SecmasterStatusMessage.Malformed), (garbage.Update, garbage.Rejection));
        Assert.Equal(SecmasterStatusMessage.UnknownEvent, unknown.Rejection);
        Assert.Equal(SecmasterStatusMessage.Malformed, seconds.Rejection);
        Assert.Contains("close time", seconds.Detail, StringComparison.Ordinal);
        Assert.Equal(SecmasterStatusMessage.Malformed, noTime.Rejection);
    }

    [Fact]
    public void A_NUL_PostgreSQL_would_refuse_becomes_U_FFFD_and_the_message_names_the_fields_it_was_in()
    {
        var read = SecmasterStatusMessage.Read(StatusMessages.Created("KXT-\0", "KXT", "Gold\0 above", At, At.AddHours(1)), null);
        var clean = SecmasterStatusMessage.Read(StatusMessages.Created("KXT-2", "KXT", "New", At, At.AddHours(1)), null);

        Assert.Null(read.Rejection);
        Assert.Equal(("KXT-\uFFFD", "KXT", "Gold\uFFFD above"), (read.Update!.Ticker, read.Update.EventTicker, read.Update.Title));
        Assert.Equal(["ticker", "title"], read.Repaired);
        Assert.Empty(clean.Repaired);
    }

    [Fact]
    public void The_connectors_data_loss_event_is_skipped_as_not_a_lifecycle_change()
    {
        var loss = SecmasterStatusMessage.Read(StatusMessages.Build("KXT-1", LifecycleEvent.DataLoss, Status.Active), null);

        Assert.Null(loss.Update);
        Assert.Equal(SecmasterStatusMessage.NotLifecycle, loss.Rejection);
    }
}
