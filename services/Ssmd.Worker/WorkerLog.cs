namespace Ssmd.Worker;

/// <summary>The worker's log messages; event ids 6000–6099.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(6000, LogLevel.Information, "Next security-master sync in {Wait}")]
    public static partial void NextSync(ILogger logger, TimeSpan wait);

    [LoggerMessage(6001, LogLevel.Error, "Security-master sync from {RestUrl} failed; trying again in {RetryAfter}")]
    public static partial void SyncFailed(ILogger logger, Uri restUrl, TimeSpan retryAfter, Exception exception);

    [LoggerMessage(6010, LogLevel.Information, "Secmaster lifecycle: consuming {Filter} from stream {Stream} as durable consumer {Consumer}")]
    public static partial void LifecycleConsuming(ILogger logger, string filter, string stream, string consumer);

    [LoggerMessage(6011, LogLevel.Warning, "Secmaster lifecycle: message {Subject} (stream sequence {Sequence}) rejected as {Reason}: {Detail}; acknowledged so it does not block the consumer")]
    public static partial void LifecycleRejected(ILogger logger, string subject, ulong sequence, string reason, string detail);

    [LoggerMessage(6012, LogLevel.Warning, "Secmaster lifecycle: message {Subject} (stream sequence {Sequence}) could not be applied (attempt {Attempt}); retrying in {Delay}, not acknowledged")]
    public static partial void LifecycleRetry(ILogger logger, string subject, ulong sequence, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(6013, LogLevel.Warning, "Secmaster lifecycle: the consumer stopped; reconnecting in {Delay}")]
    public static partial void LifecycleConsumerFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(6014, LogLevel.Debug, "Secmaster lifecycle: progress signal for {Subject} not sent (NATS unreachable too); a redelivery is recognised by the checkpoint")]
    public static partial void LifecycleProgressNotSent(ILogger logger, string subject, Exception exception);

    [LoggerMessage(6015, LogLevel.Warning, "Secmaster lifecycle: message {Subject} (stream sequence {Sequence}) has a NUL in {Fields}, which PostgreSQL refuses; stored as U+FFFD")]
    public static partial void LifecycleRepaired(ILogger logger, string subject, ulong sequence, string fields);
}
