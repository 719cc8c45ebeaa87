using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ssmd.Secmaster;

namespace Ssmd.Worker.Secmaster;

/// <summary>
/// <c>secmaster-sync</c>: Degraded while the last sync failed (the worker keeps serving and retries),
/// Healthy otherwise, with the last sync's figures.
/// </summary>
internal sealed class SecmasterSyncHealthCheck : IHealthCheck
{
    private volatile SyncOutcome? _last;

    public void Succeeded(SecmasterSyncResult result, DateTimeOffset at) => _last = new SyncOutcome(at, result, null);

    public void Failed(Exception error, DateTimeOffset at) => _last = new SyncOutcome(at, null, error.Message);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = _last;
        if (last is null)
            return Task.FromResult(HealthCheckResult.Healthy("no sync finished yet"));
        if (last.Error is { } error)
            return Task.FromResult(HealthCheckResult.Degraded($"last sync failed at {last.At:O}: {error}"));
        var result = last.Result!;
        return Task.FromResult(HealthCheckResult.Healthy(
            $"last sync at {last.At:O}: {result.MarketsRead} markets read, {result.MarketsCreated} created, {result.MarketsChanged} changed, {result.BadFields} bad fields"));
    }

    private sealed record SyncOutcome(DateTimeOffset At, SecmasterSyncResult? Result, string? Error);
}
