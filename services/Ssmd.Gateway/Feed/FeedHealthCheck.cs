using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ssmd.Gateway.Feed;

/// <summary>Ready once the gateway has replayed the normalized stream up to where it stood at start: before that, books would be stale.</summary>
internal sealed class FeedHealthCheck(FeedState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.CaughtUp
            ? HealthCheckResult.Healthy($"at stream sequence {state.LastSequence}")
            : HealthCheckResult.Unhealthy($"replaying the normalized stream (at sequence {state.LastSequence})"));
}
