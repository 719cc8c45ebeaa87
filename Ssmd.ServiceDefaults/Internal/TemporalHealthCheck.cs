using Microsoft.Extensions.Diagnostics.HealthChecks;
using Temporalio.Client;

namespace Ssmd.ServiceDefaults.Internal;

/// <summary>Healthy when Temporal's frontend answers its gRPC health check (connecting first if need be).</summary>
internal sealed class TemporalHealthCheck(ITemporalClient client) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            // A lazy client's first call connects; ConnectAsync also fails fast when nothing listens.
            await client.Connection.ConnectAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
            var serving = await client.Connection.CheckHealthAsync(options: new RpcOptions { CancellationToken = timeout.Token, Timeout = Timeout })
                .ConfigureAwait(false);
            return serving
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, "Temporal reports not serving");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Temporal did not answer within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is Temporalio.Exceptions.TemporalException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Temporal connection failed", ex);
        }
    }
}
