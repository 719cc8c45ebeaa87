using Ssmd.Gateway.Internal;

namespace Ssmd.Gateway.Tests;

public sealed class GatewayOptionsTests
{
    [Fact]
    public void Bad_settings_are_refused_at_start_with_the_key_named_and_a_plain_key_is_not_taken_for_a_hash()
    {
        var options = new GatewayOptions
        {
            ApiKeys = [new GatewayApiKey { Name = "bot", Sha256 = "my-secret-key" }, new GatewayApiKey { Name = "", Sha256 = new string('a', 64) }],
            ClientQueueCapacity = 0,
            MaxMessageBytes = 10,
            FloodMessagesPerSecond = 1,
            SlowClientTimeout = TimeSpan.Zero,
        };
        var result = new ValidateGatewayOptions().Validate(null, options);
        Assert.True(result.Failed);
        var failures = string.Join("\n", result.Failures);
        Assert.Contains("Gateway:ApiKeys:0:Sha256 must be 64 hex digits", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("my-secret-key", failures, StringComparison.Ordinal);
        Assert.Contains("Gateway:ApiKeys:1:Name is required", failures, StringComparison.Ordinal);
        Assert.Contains("Gateway:ClientQueueCapacity must be more than 0", failures, StringComparison.Ordinal);
        Assert.Contains("Gateway:MaxMessageBytes", failures, StringComparison.Ordinal);
        Assert.Contains("Gateway:FloodMessagesPerSecond", failures, StringComparison.Ordinal);
        Assert.Contains("Gateway:SlowClientTimeout", failures, StringComparison.Ordinal);
        Assert.True(new ValidateGatewayOptions().Validate(null, new GatewayOptions()).Succeeded);
    }
}
