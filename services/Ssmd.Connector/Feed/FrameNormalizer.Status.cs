using Ssmd.Connector.Publishing;
using Ssmd.Kalshi.Messages;
using Ssmd.Normalized;
using Ssmd.Streams;

namespace Ssmd.Connector.Feed;

internal sealed partial class FrameNormalizer
{
    /// <summary>
    /// A lifecycle event as a <c>MarketStatus</c>: the status after it (or <paramref name="known"/> when the
    /// event does not change it), the event, and its details.
    /// </summary>
    public void Status(OutboundFrame frame, string messageId, KalshiMarketLifecycle lifecycle, long seq, Status known)
    {
        _builder.Reset();
        var m = MarketStatus.InitRoot(_builder);
        m.SetTicker(lifecycle.MarketTicker);
        m.ReceiveTime = frame.ReceiveNanoseconds;
        m.Sequence = (ulong)seq;
        m.SetRawEventType(lifecycle.EventType);
        var receiveSeconds = frame.ReceiveNanoseconds / 1_000_000_000;
        long exchangeNs = 0;
        var details = m.Details;
        switch (lifecycle.EventType)
        {
            case "created":
                m.Event = LifecycleEvent.Created;
                m.Status = lifecycle.OpenTs is { } open && open > receiveSeconds ? Normalized.Status.Initialized : Normalized.Status.Active;
                var created = details.InitCreated();
                created.OpenTime = FrameNormalizer.Nanoseconds(null, lifecycle.OpenTs);
                created.CloseTime = FrameNormalizer.Nanoseconds(null, lifecycle.CloseTs);
                if (lifecycle.AdditionalMetadata?.EventTicker is { Length: > 0 } eventTicker)
                    created.SetEventTicker(eventTicker);
                if (lifecycle.AdditionalMetadata?.Title is { Length: > 0 } title)
                    created.SetTitle(title);
                break;
            case "activated" or "deactivated":
                var paused = lifecycle.IsDeactivated ?? lifecycle.EventType == "deactivated";
                m.Event = paused ? LifecycleEvent.Deactivated : LifecycleEvent.Activated;
                m.Status = paused ? Normalized.Status.Paused : Normalized.Status.Active;
                details.Paused = paused;
                break;
            case "close_date_updated":
                m.Event = LifecycleEvent.CloseDateUpdated;
                m.Status = known;
                details.CloseTime = FrameNormalizer.Nanoseconds(null, lifecycle.CloseTs);
                break;
            case "determined":
                m.Event = LifecycleEvent.Determined;
                m.Status = Normalized.Status.Determined;
                var determined = details.InitDetermined();
                determined.Result = lifecycle.Result switch { "yes" => Result.Yes, "no" => Result.No, "scalar" => Result.Scalar, _ => Result.Unknown };
                determined.SettlementValue = lifecycle.SettlementValue?.Units ?? -1;
                exchangeNs = FrameNormalizer.Nanoseconds(null, lifecycle.DeterminationTs);
                determined.DeterminationTime = exchangeNs;
                break;
            case "settled":
                m.Event = LifecycleEvent.Settled;
                m.Status = Normalized.Status.Settled;
                exchangeNs = FrameNormalizer.Nanoseconds(null, lifecycle.SettledTs);
                details.SettledTime = exchangeNs;
                break;
            case "price_level_structure_updated":
                m.Event = LifecycleEvent.PriceLevelStructureUpdated;
                m.Status = known;
                break;
            case "metadata_updated":
                m.Event = LifecycleEvent.MetadataUpdated;
                m.Status = known;
                break;
            default:
                m.Event = LifecycleEvent.Unknown;
                m.Status = known;
                break;
        }

        m.ExchangeTime = exchangeNs;
        Attach(frame, NormalizedKind.Status, lifecycle.MarketTicker, messageId, exchangeNs);
    }

    /// <summary>
    /// ssmd lost frames of this market (the buffer overflowed while NATS was away): its status is
    /// unchanged; lost trades are backfilled, and when book changes were lost (<paramref name="book"/>, marked
    /// <see cref="DataLossMarkers.Book"/>) a fresh snapshot follows. Clients and the archive see where the hole is.
    /// </summary>
    public void DataLoss(OutboundFrame frame, string messageId, string ticker, Status known, bool book)
    {
        _builder.Reset();
        var m = MarketStatus.InitRoot(_builder);
        m.SetTicker(ticker);
        m.ReceiveTime = frame.ReceiveNanoseconds;
        m.Status = known;
        m.Event = LifecycleEvent.DataLoss;
        m.SetRawEventType(book ? DataLossMarkers.Book : DataLossMarkers.Feed);
        Attach(frame, NormalizedKind.Status, ticker, messageId, 0);
    }
}
