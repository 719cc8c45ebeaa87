using Microsoft.Extensions.Diagnostics.HealthChecks;
using NATS.Client.Core;

namespace Ssmd.ServiceDefaults.Internal;

/// <summary>
/// Healthy when the connection is open, degraded while (re)connecting. A connection that was never
/// opened (NATS.Net connects on first use) is opened here, so readiness means "NATS answered".
/// </summary>
internal sealed class NatsHealthCheck(INatsConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        switch (connection.ConnectionState)
        {
            case NatsConnectionState.Open:
                return HealthCheckResult.Healthy();
            case NatsConnectionState.Connecting or NatsConnectionState.Reconnecting:
                return HealthCheckResult.Degraded($"NATS is {connection.ConnectionState}");
            default:
                try
                {
                    await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                    return HealthCheckResult.Healthy();
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    return new HealthCheckResult(context.Registration.FailureStatus, "NATS connection failed", ex);
                }
        }
    }
}
