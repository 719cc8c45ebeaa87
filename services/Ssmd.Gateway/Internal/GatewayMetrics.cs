using System.Diagnostics.Metrics;
using Ssmd.Gateway.Markets;
using Ssmd.Gateway.Protocol;
using Ssmd.Gateway.Streaming;

namespace Ssmd.Gateway.Internal;

/// <summary>
/// The gateway's instruments on meter <c>Ssmd.Gateway</c>, every series created at start-up:
/// <c>ssmd_gateway_clients_connected</c>, <c>ssmd_gateway_messages_sent_total{type}</c>,
/// <c>ssmd_gateway_subscriptions_active{symbol}</c>, <c>ssmd_gateway_queue_depth</c> (all clients) and
/// <c>ssmd_gateway_queue_depth_max</c> (the deepest client), <c>ssmd_gateway_events_coalesced_total{type}</c>,
/// <c>ssmd_gateway_events_dropped_total{type}</c>, <c>ssmd_gateway_disconnects_total{reason}</c>,
/// <c>ssmd_gateway_client_errors_total</c>, <c>ssmd_gateway_feed_messages_total</c> and
/// <c>ssmd_gateway_latency_seconds</c> (connector receive time to the end of the send to the client).
/// </summary>
internal sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Ssmd.Gateway";

    private static readonly string[] Reasons = ["closed", "slow_consumer", "flood", "shutdown"];

    private readonly Meter _meter;
    private readonly Histogram<double> _latency;

    public GatewayMetrics(IMeterFactory factory, GatewayStats stats, ClientRegistry clients, MarketRegistry markets)
    {
        _meter = factory.Create(MeterName);
        var kinds = Enum.GetValues<EventKind>();
        _meter.CreateObservableGauge("ssmd.gateway.clients_connected", () => clients.Count, description: "WebSocket clients connected");
        _meter.CreateObservableCounter("ssmd.gateway.messages_sent", () =>
            kinds.Select(k => new Measurement<long>(stats.Sent(k.Name()), new KeyValuePair<string, object?>("type", k.Name()))), description: "Events sent to clients, by type");
        _meter.CreateObservableGauge("ssmd.gateway.subscriptions_active", () =>
            markets.Subscribed().Select(m => new Measurement<int>(m.SubscriberCount, new KeyValuePair<string, object?>("symbol", m.Ticker))), description: "Clients subscribed, by symbol");
        _meter.CreateObservableGauge("ssmd.gateway.queue_depth", () => clients.TotalQueueDepth(), description: "Events queued for all clients");
        _meter.CreateObservableGauge("ssmd.gateway.queue_depth_max", () => clients.MaxQueueDepth(), description: "Events queued for the most backed-up client");
        _meter.CreateObservableCounter("ssmd.gateway.events_coalesced", () =>
            kinds.Where(k => k.IsCoalescible()).Select(k => new Measurement<long>(stats.Coalesced(k.Name()), new KeyValuePair<string, object?>("type", k.Name()))),
            description: "Book and ticker updates replaced by a later snapshot for a slow client");
        _meter.CreateObservableCounter("ssmd.gateway.events_dropped", () =>
            kinds.Where(k => !k.IsCoalescible()).Select(k => new Measurement<long>(stats.Dropped(k.Name()), new KeyValuePair<string, object?>("type", k.Name()))),
            description: "Events a slow client did not get, announced to it by a gap event");
        _meter.CreateObservableCounter("ssmd.gateway.disconnects", () =>
            Enum.GetValues<DisconnectReason>().Select(r => new Measurement<long>(stats.Disconnects(r), new KeyValuePair<string, object?>("reason", Reasons[(int)r]))),
            description: "Clients disconnected, by reason");
        _meter.CreateObservableCounter("ssmd.gateway.client_errors", () => stats.ClientErrors, description: "Error events sent for bad client input");
        _meter.CreateObservableCounter("ssmd.gateway.feed_messages", () => stats.FeedMessages, description: "Normalized messages applied from JetStream");
        _meter.CreateObservableCounter("ssmd.gateway.book_deltas_without_snapshot", () => stats.BookDeltasWithoutSnapshot,
            description: "Book changes skipped because the market's book was never seen whole (no snapshot on the stream yet)");
        _meter.CreateObservableCounter("ssmd.gateway.feed_gaps", () => stats.FeedGaps,
            description: "Times the normalized stream lost continuity (messages removed before they were read, or the stream created again); every book waits for its next snapshot");
        _meter.CreateObservableCounter("ssmd.gateway.feed_dropped", () => stats.FeedDropped, description: "Feed messages the NATS client dropped because the feed fell behind (the consumer restarts; clients see no gap)");
        _latency = _meter.CreateHistogram("ssmd.gateway.latency", unit: "s", description: "Connector receive time to the end of the send to a client",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5] });
    }

    /// <summary>Records one delivery's latency from the connector's receive time (Unix ns).</summary>
    public void RecordLatency(long receiveTimeNanos, long nowNanos)
    {
        if (receiveTimeNanos > 0)
            _latency.Record((nowNanos - receiveTimeNanos) / 1e9);
    }

    public void Dispose() => _meter.Dispose();
}
