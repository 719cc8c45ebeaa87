using Microsoft.Extensions.Logging;

namespace Ssmd.Secmaster.Internal;

/// <summary>The security master's log messages; event ids 5000–5099.</summary>
internal static partial class SecmasterLog
{
    [LoggerMessage(5000, LogLevel.Information, "Secmaster migration {Version} ({Name}) applied")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(5010, LogLevel.Information, "Secmaster sync started (resuming markets: {Resuming})")]
    public static partial void SyncStarted(ILogger logger, bool resuming);

    [LoggerMessage(5011, LogLevel.Information,
        "Secmaster sync done in {Elapsed}: {Series} series, {Events} events, {Markets} markets read; {Created} created, {Changed} changed, {Rejected} bad fields")]
    public static partial void SyncCompleted(ILogger logger, TimeSpan elapsed, int series, int events, int markets, int created, int changed, int rejected);

    [LoggerMessage(5012, LogLevel.Warning, "Secmaster sync: {Count} × field '{Field}' {Reason} (first: {Example})")]
    public static partial void BadField(ILogger logger, int count, string field, string reason, string example);

    [LoggerMessage(5013, LogLevel.Warning, "Secmaster sync: the saved cursor for {Scope} was refused ({Status}); starting that scan again")]
    public static partial void ResumeRefused(ILogger logger, string scope, int status);

    [LoggerMessage(5014, LogLevel.Warning, "Secmaster sync: {Request} failed (attempt {Attempt}), retrying in {Delay}: {Reason}")]
    public static partial void RequestRetry(ILogger logger, string request, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(5015, LogLevel.Error, "Secmaster sync failed")]
    public static partial void SyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(5020, LogLevel.Warning, "Secmaster: {Count} change event(s) not acknowledged by JetStream; they will be sent again")]
    public static partial void PublishFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(5021, LogLevel.Information, "Secmaster: republished {Count} change event(s) left from an earlier run")]
    public static partial void Republished(ILogger logger, int count);

    [LoggerMessage(5030, LogLevel.Warning, "Secmaster lifecycle: {Kind} for {Ticker} ignored: {Reason}")]
    public static partial void LifecycleIgnored(ILogger logger, string kind, string ticker, string reason);
}
