using Microsoft.Extensions.Options;

namespace Ssmd.Connector.Internal;

/// <summary>Checks <see cref="ConnectorOptions"/> at start; every message names the key.</summary>
internal sealed class ValidateConnectorOptions : IValidateOptions<ConnectorOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorOptions options)
    {
        const string s = ConnectorOptions.Section;
        var problems = new List<string>();
        if (options.WebSocketUrl is { } ws && (!ws.IsAbsoluteUri || ws.Scheme is not ("ws" or "wss")))
            problems.Add($"{s}:WebSocketUrl must be an absolute ws:// or wss:// URL, got '{ws}'");
        if (options.RestUrl is { } rest && (!rest.IsAbsoluteUri || rest.Scheme is not ("http" or "https")))
            problems.Add($"{s}:RestUrl must be an absolute http:// or https:// URL, got '{rest}'");
        var hasKey = !string.IsNullOrEmpty(options.PrivateKeyPath) || !string.IsNullOrEmpty(options.PrivateKeyPem);
        if (hasKey && string.IsNullOrEmpty(options.ApiKeyId))
            problems.Add($"{s}:ApiKeyId is required when {s}:PrivateKeyPath or {s}:PrivateKeyPem is set");
        if (!string.IsNullOrEmpty(options.ApiKeyId) && !hasKey)
            problems.Add($"{s}:PrivateKeyPath or {s}:PrivateKeyPem is required when {s}:ApiKeyId is set");
        if (!string.IsNullOrEmpty(options.PrivateKeyPath) && !string.IsNullOrEmpty(options.PrivateKeyPem))
            problems.Add($"{s}:PrivateKeyPath and {s}:PrivateKeyPem are alternatives: set one");
        if (!string.IsNullOrEmpty(options.PrivateKeyPath) && !File.Exists(options.PrivateKeyPath))
            problems.Add($"{s}:PrivateKeyPath '{options.PrivateKeyPath}' does not exist");
        Positive(problems, $"{s}:BufferCapacity", options.BufferCapacity);
        Positive(problems, $"{s}:MaxPublishesInFlight", options.MaxPublishesInFlight);
        if (options.SlowNatsDepth is { } slowDepth)
            Positive(problems, $"{s}:SlowNatsDepth", slowDepth);
        if (options.SlowNatsDepth > options.BufferCapacity)
            problems.Add($"{s}:SlowNatsDepth ({options.SlowNatsDepth}) must be at most {s}:BufferCapacity ({options.BufferCapacity})");
        if (options.SnapshotRefreshInterval < TimeSpan.Zero)
            problems.Add($"{s}:SnapshotRefreshInterval must be 0 (off) or positive, got {options.SnapshotRefreshInterval}");
        if (options.SlowNatsWait < TimeSpan.Zero)
            problems.Add($"{s}:SlowNatsWait must be 0 (no pacing) or more, got {options.SlowNatsWait}");
        Positive(problems, $"{s}:ReplayWindow", options.ReplayWindow);
        Positive(problems, $"{s}:TradeIdMemory", options.TradeIdMemory);
        Positive(problems, $"{s}:TraceOneFrameIn", options.TraceOneFrameIn);
        Positive(problems, $"{s}:PingInterval", options.PingInterval);
        Positive(problems, $"{s}:CommandTimeout", options.CommandTimeout);
        Positive(problems, $"{s}:ReconnectMinDelay", options.ReconnectMinDelay);
        Positive(problems, $"{s}:GiveUpAfter", options.GiveUpAfter);
        Positive(problems, $"{s}:DiscoveryInterval", options.DiscoveryInterval);
        if (options.WatchdogTimeout <= options.PingInterval)
            problems.Add($"{s}:WatchdogTimeout ({options.WatchdogTimeout}) must be longer than {s}:PingInterval ({options.PingInterval})");
        if (options.ReconnectMaxDelay < options.ReconnectMinDelay)
            problems.Add($"{s}:ReconnectMaxDelay ({options.ReconnectMaxDelay}) must be at least {s}:ReconnectMinDelay ({options.ReconnectMinDelay})");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Positive(List<string> problems, string key, int value)
    {
        if (value <= 0)
            problems.Add($"{key} must be more than 0, got {value}");
    }

    private static void Positive(List<string> problems, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            problems.Add($"{key} must be more than 0, got {value}");
    }
}
