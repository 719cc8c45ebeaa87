using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ssmd.ServiceDefaults.Internal;

/// <summary>Healthy when the archive folder exists and a file can be created in it.</summary>
internal sealed class ArchiveFolderHealthCheck(string folderPath) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folderPath))
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The archive folder {folderPath} does not exist");
        }

        var probe = Path.Combine(folderPath, $".ssmd-health-{Guid.NewGuid():N}");
        try
        {
            var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync("ok"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The archive folder {folderPath} is not writable", ex);
        }
    }
}
