using Amazon.S3;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ssmd.ServiceDefaults.Internal;

/// <summary>Healthy when the S3 endpoint answers ListBuckets with these credentials within a few seconds.</summary>
internal sealed class S3HealthCheck(IAmazonS3 s3) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await s3.ListBucketsAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"S3 did not answer ListBuckets within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is AmazonS3Exception or Amazon.Runtime.AmazonClientException or HttpRequestException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "S3 ListBuckets failed", ex);
        }
    }
}
