using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ssmd.Archiver.Internal;

/// <summary>
/// <c>archiver</c>: unhealthy while a consumer cannot fetch, parts cannot be stored (Stored mode: nothing
/// is acknowledged meanwhile) or the last flush could not write to storage (messages are still safe in the
/// journal, or in JetStream); the description says which and why. NATS and the store have their own checks (<c>NATS</c>,
/// <c>S3</c> or <c>ArchiveFolder</c>) from the client registrations.
/// </summary>
internal sealed class ArchiverHealthCheck(ArchiverHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = health.Problems();
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, string.Join("; ", problems)));
    }
}
