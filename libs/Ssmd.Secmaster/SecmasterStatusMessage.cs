using Ssmd.Capnp;
using Ssmd.Normalized;
using Ssmd.Secmaster.Internal;

namespace Ssmd.Secmaster;

/// <summary>
/// Turns a normalized <c>MarketStatus</c> (Cap'n Proto, <c>{feed}.status.{ticker}</c>) into the
/// <see cref="SecmasterLifecycleUpdate"/> the security master applies. See README.md, "Lifecycle".
/// </summary>
public static class SecmasterStatusMessage
{
    /// <summary>Rejection label: the payload is not a readable <c>MarketStatus</c> or misses what its event needs.</summary>
    public const string Malformed = "malformed";

    /// <summary>Rejection label: an event type ssmd does not know (<c>LifecycleEvent.Unknown</c>).</summary>
    public const string UnknownEvent = "unknown_event";

    /// <summary>Rejection label: a status snapshot with a status ssmd does not know.</summary>
    public const string UnknownStatus = "unknown_status";

    /// <summary>
    /// Not a rejection but nothing to apply: an event about ssmd's own capture, not the market
    /// (<c>dataLoss</c>). Skipped without a warning.
    /// </summary>
    public const string NotLifecycle = "not_lifecycle";

    // Times outside 2000–2200 are a unit mistake (seconds or ms sent as ns), not a date.
    private static readonly long MinNanoseconds = (new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) - DateTimeOffset.UnixEpoch).Ticks * 100;
    private static readonly long MaxNanoseconds = (new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero) - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>Reads one framed message; never throws for bad bytes (they are a rejection).</summary>
    /// <param name="payload">The NATS message body: one framed Cap'n Proto message, root <c>MarketStatus</c>.</param>
    /// <param name="subjectTicker">The ticker decoded from the subject, used when the payload has none.</param>
    public static SecmasterStatusRead Read(ReadOnlyMemory<byte> payload, string? subjectTicker)
    {
        try
        {
            var status = MarketStatus.ReadRoot(MessageReader.Read(payload));
            var read = Storable(Map(status, subjectTicker));
            return read.Update is { } update && TryTime(status.ReceiveTime, "receive time", optional: true, out var received, out _) && received is not null
                ? read with { Update = update with { ReceivedAt = received } }
                : read;
        }
        catch (CapnpFormatException e)
        {
            return Reject(Malformed, e.Message);
        }
    }

    private static SecmasterStatusRead Map(MarketStatus.Reader status, string? subjectTicker)
    {
        var ticker = status.HasTicker && !status.Ticker.IsEmpty ? status.Ticker.ToString() : subjectTicker;
        if (string.IsNullOrEmpty(ticker))
            return Reject(Malformed, "no ticker");
        var details = status.Details;
        var which = details.Which;
        switch (status.Event)
        {
            case LifecycleEvent.Created:
            {
                if (which != MarketStatus.Details.Which.Created)
                    return Reject(Malformed, $"created without its details ({which})");
                var created = details.Created;
                if (!TryTime(created.OpenTime, "open time", optional: true, out var open, out var bad)
                    || !TryTime(created.CloseTime, "close time", optional: true, out var close, out bad))
                    return Reject(Malformed, bad);
                return Accept(new SecmasterLifecycleUpdate
                {
                    Ticker = ticker,
                    Kind = SecmasterLifecycleKind.Created,
                    OpenTime = open,
                    CloseTime = close,
                    EventTicker = created.HasEventTicker && !created.EventTicker.IsEmpty ? created.EventTicker.ToString() : null,
                    Title = created.HasTitle && !created.Title.IsEmpty ? created.Title.ToString() : null,
                });
            }

            case LifecycleEvent.Activated:
                return Accept(new SecmasterLifecycleUpdate { Ticker = ticker, Kind = SecmasterLifecycleKind.Activated });

            case LifecycleEvent.Deactivated:
                return Accept(new SecmasterLifecycleUpdate { Ticker = ticker, Kind = SecmasterLifecycleKind.Deactivated });

            case LifecycleEvent.CloseDateUpdated:
            {
                if (which != MarketStatus.Details.Which.CloseTime)
                    return Reject(Malformed, $"close_date_updated without a close time ({which})");
                if (!TryTime(details.CloseTime, "close time", optional: false, out var close, out var bad))
                    return Reject(Malformed, bad);
                return Accept(new SecmasterLifecycleUpdate { Ticker = ticker, Kind = SecmasterLifecycleKind.CloseDateUpdated, CloseTime = close });
            }

            case LifecycleEvent.Determined:
            {
                if (which != MarketStatus.Details.Which.Determined)
                    return Reject(Malformed, $"determined without its details ({which})");
                var determined = details.Determined;
                if (!TryTime(determined.DeterminationTime, "determination time", optional: true, out var at, out var bad))
                    return Reject(Malformed, bad);
                var value = determined.SettlementValue;
                if (value is < -1)
                    return Reject(Malformed, $"settlement value {value} is negative");
                return Accept(new SecmasterLifecycleUpdate
                {
                    Ticker = ticker,
                    Kind = SecmasterLifecycleKind.Determined,
                    Result = determined.Result switch
                    {
                        Result.Yes => "yes",
                        Result.No => "no",
                        Result.Scalar => "scalar",
                        _ => null,
                    },
                    SettlementValue = value == -1 ? null : value,
                    DeterminedAt = at,
                });
            }

            case LifecycleEvent.Settled:
            {
                DateTimeOffset? at = null;
                if (which == MarketStatus.Details.Which.SettledTime && !TryTime(details.SettledTime, "settled time", optional: true, out at, out var bad))
                    return Reject(Malformed, bad);
                return Accept(new SecmasterLifecycleUpdate { Ticker = ticker, Kind = SecmasterLifecycleKind.Settled, SettledAt = at });
            }

            case LifecycleEvent.PriceLevelStructureUpdated:
            case LifecycleEvent.MetadataUpdated:
                // The normalized message carries no new values: the next sync reads them from REST.
                return Accept(new SecmasterLifecycleUpdate { Ticker = ticker, Kind = SecmasterLifecycleKind.MetadataUpdated });

            case LifecycleEvent.DataLoss:
                return Reject(NotLifecycle, "ssmd lost frames of this market; its record is unchanged");

            case LifecycleEvent.StatusSnapshot:
                return RestStatus(status.Status) is { } rest
                    ? Accept(new SecmasterLifecycleUpdate { Ticker = ticker, Kind = SecmasterLifecycleKind.StatusObserved, Status = rest })
                    : Reject(UnknownStatus, $"status {(ushort)status.Status}");

            default:
                var raw = status.HasRawEventType ? status.RawEventType.ToString() : "";
                return Reject(UnknownEvent, $"event {(ushort)status.Event} ('{raw}')");
        }
    }

    /// <summary>The read with each NUL in its text replaced (see <see cref="SecmasterStatusRead.Repaired"/>).</summary>
    private static SecmasterStatusRead Storable(SecmasterStatusRead read)
    {
        if (read.Update is not { } update)
            return read;
        List<string>? repaired = null;
        var ticker = UnstorableText.WithoutNul(update.Ticker, "ticker", ref repaired)!;
        var eventTicker = UnstorableText.WithoutNul(update.EventTicker, "event_ticker", ref repaired);
        var title = UnstorableText.WithoutNul(update.Title, "title", ref repaired);
        return repaired is null
            ? read
            : read with { Update = update with { Ticker = ticker, EventTicker = eventTicker, Title = title }, Repaired = repaired };
    }

    /// <summary>The status as Kalshi's REST spells it (what <c>markets.status</c> holds).</summary>
    private static string? RestStatus(Status status) => status switch
    {
        Status.Initialized => "initialized",
        Status.Active => "active",
        Status.Paused => "inactive",
        Status.Closed => "closed",
        Status.Determined => "determined",
        Status.Disputed => "disputed",
        Status.Amended => "amended",
        Status.Settled => "finalized",
        _ => null,
    };

    private static bool TryTime(long nanoseconds, string what, bool optional, out DateTimeOffset? time, out string problem)
    {
        time = null;
        problem = "";
        if (nanoseconds == 0 && optional)
            return true;
        if (nanoseconds < MinNanoseconds || nanoseconds > MaxNanoseconds)
        {
            problem = $"{what} {nanoseconds} ns is not a date between 2000 and 2200";
            return false;
        }

        time = DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);
        return true;
    }

    private static SecmasterStatusRead Accept(SecmasterLifecycleUpdate update) => new(update, null, null);

    private static SecmasterStatusRead Reject(string reason, string detail) => new(null, reason, detail);
}
