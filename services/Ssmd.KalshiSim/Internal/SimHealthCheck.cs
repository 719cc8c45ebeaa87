using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ssmd.KalshiSim.WebSockets;

namespace Ssmd.KalshiSim.Internal;

/// <summary>Healthy while the exchange loop runs.</summary>
internal sealed class SimHealthCheck(SimEngine engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(engine.ExecuteTask is { IsCompleted: true } task
            ? HealthCheckResult.Unhealthy("the exchange loop stopped", task.Exception)
            : HealthCheckResult.Healthy($"{engine.Exchange.Markets.Count} markets, {engine.ConnectionCount} WebSocket clients"));
}
