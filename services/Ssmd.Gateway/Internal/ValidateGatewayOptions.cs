using Microsoft.Extensions.Options;

namespace Ssmd.Gateway.Internal;

/// <summary>Checks <see cref="GatewayOptions"/> at start; every message names the key.</summary>
internal sealed class ValidateGatewayOptions : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        const string s = GatewayOptions.Section;
        var problems = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            if (string.IsNullOrWhiteSpace(key.Name))
                problems.Add($"{s}:ApiKeys:{i}:Name is required");
            if (key.Sha256 is not { Length: 64 } hash || !hash.All(Uri.IsHexDigit))
                problems.Add($"{s}:ApiKeys:{i}:Sha256 must be 64 hex digits (the SHA-256 of the key, never the key itself)");
        }

        Positive(problems, $"{s}:ClientQueueCapacity", options.ClientQueueCapacity);
        Positive(problems, $"{s}:ClientQueueReserve", options.ClientQueueReserve);
        Positive(problems, $"{s}:MaxSymbolsPerClient", options.MaxSymbolsPerClient);
        Positive(problems, $"{s}:MaxMessagesPerSecond", options.MaxMessagesPerSecond);
        Positive(problems, $"{s}:MaxClients", options.MaxClients);
        Positive(problems, $"{s}:RecentTradesPerMarket", options.RecentTradesPerMarket);
        if (options.MaxMessageBytes < 1024)
            problems.Add($"{s}:MaxMessageBytes must be at least 1024, got {options.MaxMessageBytes}");
        if (options.FloodMessagesPerSecond < options.MaxMessagesPerSecond)
            problems.Add($"{s}:FloodMessagesPerSecond ({options.FloodMessagesPerSecond}) must be at least {s}:MaxMessagesPerSecond ({options.MaxMessagesPerSecond})");
        if (options.SlowClientTimeout <= TimeSpan.Zero)
            problems.Add($"{s}:SlowClientTimeout must be more than 0, got {options.SlowClientTimeout}");
        if (options.KeepAliveInterval <= TimeSpan.Zero)
            problems.Add($"{s}:KeepAliveInterval must be more than 0, got {options.KeepAliveInterval}");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Positive(List<string> problems, string key, int value)
    {
        if (value <= 0)
            problems.Add($"{key} must be more than 0, got {value}");
    }
}
