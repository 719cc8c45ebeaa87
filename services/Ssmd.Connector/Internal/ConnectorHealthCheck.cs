using Microsoft.Extensions.Diagnostics.HealthChecks;
using NATS.Client.Core;
using Ssmd.Connector.Feed;

namespace Ssmd.Connector.Internal;

/// <summary>Unhealthy while any Kalshi connection is down or JetStream is unreachable.</summary>
internal sealed class ConnectorHealthCheck(ConnectorStats stats, ConnectorService service, INatsConnection nats) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["connections"] = stats.ConnectedSockets,
            ["expected_connections"] = service.ExpectedConnections,
            ["markets"] = service.SubscribedMarkets,
            ["buffer_depth"] = stats.BufferDepth,
            ["dropped"] = stats.Dropped,
        };
        // The connection state says at once what a publish timing out says seconds later.
        if (nats.ConnectionState != NatsConnectionState.Open || !stats.NatsConnected)
            return Task.FromResult(HealthCheckResult.Unhealthy("JetStream is unreachable; frames are being buffered", data: data));
        if (stats.ConnectedSockets < service.ExpectedConnections)
            return Task.FromResult(HealthCheckResult.Unhealthy($"{stats.ConnectedSockets} of {service.ExpectedConnections} Kalshi connections are open", data: data));
        return Task.FromResult(HealthCheckResult.Healthy($"{stats.ConnectedSockets} Kalshi connections, {service.SubscribedMarkets} markets", data));
    }
}
