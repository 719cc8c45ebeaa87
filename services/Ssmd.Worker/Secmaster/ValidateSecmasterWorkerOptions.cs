using Microsoft.Extensions.Options;

namespace Ssmd.Worker.Secmaster;

/// <summary>Checks <see cref="SecmasterWorkerOptions"/> at start-up, naming every bad key.</summary>
internal sealed class ValidateSecmasterWorkerOptions : IValidateOptions<SecmasterWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, SecmasterWorkerOptions options)
    {
        var problems = new List<string>();
        const string s = SecmasterWorkerOptions.Section;
        if (options.RestUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
            problems.Add($"{s}:RestUrl must be an absolute http:// or https:// URL, got '{url}'");
        if (options.MarketPageSize is < 1 or > 1000)
            problems.Add($"{s}:MarketPageSize must be 1–1000 (Kalshi's limit), got {options.MarketPageSize}");
        if (options.EventPageSize is < 1 or > 200)
            problems.Add($"{s}:EventPageSize must be 1–200 (Kalshi's limit), got {options.EventPageSize}");
        if (options.RequestsPerSecond < 1)
            problems.Add($"{s}:RequestsPerSecond must be at least 1, got {options.RequestsPerSecond}");
        if (options.Burst < 1)
            problems.Add($"{s}:Burst must be at least 1, got {options.Burst}");
        if (options.MaxRetries is < 0 or > 20)
            problems.Add($"{s}:MaxRetries must be 0–20, got {options.MaxRetries}");
        if (options.RetryBaseDelay <= TimeSpan.Zero)
            problems.Add($"{s}:RetryBaseDelay must be positive, got {options.RetryBaseDelay}");
        if (options.RequestTimeout <= TimeSpan.Zero)
            problems.Add($"{s}:RequestTimeout must be positive, got {options.RequestTimeout}");
        if (options.RetryFailedSyncAfter <= TimeSpan.Zero)
            problems.Add($"{s}:RetryFailedSyncAfter must be positive, got {options.RetryFailedSyncAfter}");
        if (string.IsNullOrWhiteSpace(options.StreamName) || options.StreamName.AsSpan().IndexOfAny(" .*>") >= 0)
            problems.Add($"{s}:StreamName must be a JetStream stream name (no spaces, '.', '*', '>'), got '{options.StreamName}'");
        if (string.IsNullOrWhiteSpace(options.LifecycleConsumer) || options.LifecycleConsumer.AsSpan().IndexOfAny(" .*>") >= 0)
            problems.Add($"{s}:LifecycleConsumer must be a JetStream consumer name (no spaces, '.', '*', '>'), got '{options.LifecycleConsumer}'");
        if (options.LifecycleFilter is { } filter && (filter.Length == 0 || filter.Contains(' ', StringComparison.Ordinal)))
            problems.Add($"{s}:LifecycleFilter must be a NATS subject filter, got '{filter}'");
        if (options.LifecycleMaxRetryDelay <= TimeSpan.Zero)
            problems.Add($"{s}:LifecycleMaxRetryDelay must be positive, got {options.LifecycleMaxRetryDelay}");
        if (options.LifecycleAckWait < TimeSpan.FromSeconds(1))
            problems.Add($"{s}:LifecycleAckWait must be at least 1 s, got {options.LifecycleAckWait}");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
