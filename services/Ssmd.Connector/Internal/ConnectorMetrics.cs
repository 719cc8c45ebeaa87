using System.Diagnostics.Metrics;

namespace Ssmd.Connector.Internal;

/// <summary>
/// The connector's instruments on meter <c>Ssmd.Connector</c>, observed from <see cref="ConnectorStats"/>
/// (so every series exists from start-up): <c>ssmd_connector_messages_received_total{feed,type}</c>,
/// <c>ssmd_connector_messages_published_total{feed,stream}</c>, <c>ssmd_connector_errors_total{feed,type}</c>,
/// <c>ssmd_connector_lag_seconds</c>, gaps, resyncs, reconnects, buffer depth and dropped messages.
/// </summary>
internal sealed class ConnectorMetrics : IDisposable
{
    public const string MeterName = "Ssmd.Connector";

    private readonly Meter _meter;

    public ConnectorMetrics(IMeterFactory factory, ConnectorStats stats, Ssmd.Environments.SsmdEnvironment environment)
    {
        var feed = new KeyValuePair<string, object?>("feed", environment.Feed.Exchange);
        _meter = factory.Create(MeterName);
        _meter.CreateObservableCounter("ssmd.connector.messages.received", () =>
            stats.Received.Select(p => new Measurement<long>(p.Value, feed, new("type", p.Key))), description: "Frames received from Kalshi, by type");
        _meter.CreateObservableCounter("ssmd.connector.messages.published", () => new[]
        {
            new Measurement<long>(stats.RawPublished, feed, new("stream", "raw")),
            new Measurement<long>(stats.NormalizedPublished, feed, new("stream", "normalized")),
        }, description: "Messages acknowledged by JetStream");
        _meter.CreateObservableCounter("ssmd.connector.errors", () =>
            stats.NotNormalized.Select(p => new Measurement<long>(p.Value, feed, new("type", p.Key))), description: "Frames kept raw but not normalized, by reason");
        _meter.CreateObservableCounter("ssmd.connector.gaps", () =>
            stats.Gaps.Select(p => new Measurement<long>(p.Value, feed, new("channel", p.Key))), description: "Sequence gaps, by channel");
        _meter.CreateObservableCounter("ssmd.connector.resyncs", () => new Measurement<long>(stats.Resyncs, feed), description: "Book re-snapshots requested");
        _meter.CreateObservableCounter("ssmd.connector.reconnects", () => new Measurement<long>(stats.Reconnects, feed), description: "WebSocket reconnects");
        _meter.CreateObservableCounter("ssmd.connector.dropped", () => new Measurement<long>(stats.Dropped, feed), description: "Frames lost because the buffer was full while NATS was slow or down");
        _meter.CreateObservableCounter("ssmd.connector.id_collisions", () => new Measurement<long>(stats.IdCollisions, feed), description: "Messages not stored because JetStream already held their Nats-Msg-Id (must stay 0)");
        _meter.CreateObservableCounter("ssmd.connector.publish.retries", () => new Measurement<long>(stats.PublishRetries, feed), description: "JetStream publishes retried");
        _meter.CreateObservableCounter("ssmd.connector.trades.backfilled", () => new Measurement<long>(stats.BackfilledTrades, feed), description: "Trades recovered from REST after a gap");
        _meter.CreateObservableCounter("ssmd.connector.trades.backfills_abandoned", () => new Measurement<long>(stats.BackfillsAbandoned, feed), description: "Trade backfills that gave up: the trades missed in their gap are lost");
        _meter.CreateObservableGauge("ssmd.connector.buffer.depth", () => new Measurement<long>(stats.BufferDepth, feed), description: "Frames waiting to be published");
        _meter.CreateObservableGauge("ssmd.connector.lag", () => new Measurement<double>(stats.LagSeconds, feed), unit: "s", description: "Now minus the exchange time of the last published event");
        _meter.CreateObservableGauge("ssmd.connector.connections", () => new Measurement<int>(stats.ConnectedSockets, feed), description: "Open, subscribed Kalshi connections");
    }

    public void Dispose() => _meter.Dispose();
}
