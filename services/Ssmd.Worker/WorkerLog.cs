namespace Ssmd.Worker;

/// <summary>The worker's log messages; event ids 6000–6099.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(6000, LogLevel.Information, "Next security-master sync in {Wait}")]
    public static partial void NextSync(ILogger logger, TimeSpan wait);

    [LoggerMessage(6001, LogLevel.Error, "Security-master sync from {RestUrl} failed; trying again in {RetryAfter}")]
    public static partial void SyncFailed(ILogger logger, Uri restUrl, TimeSpan retryAfter, Exception exception);
}
