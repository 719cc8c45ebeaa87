using Microsoft.Extensions.Options;

namespace Ssmd.KalshiSim.Tests;

public sealed class SimOptionsTests
{
    [Theory(Timeout = 60_000)]
    [InlineData("Markets", "5", "KalshiSim:Markets")]
    [InlineData("Load:EventsPerSecond", "-1", "KalshiSim:Load:EventsPerSecond")]
    [InlineData("Faults:SequenceGap", "3", "KalshiSim:Faults:SequenceGap")]
    [InlineData("Auth:Keys:0:PublicKeyPem", "", "KalshiSim:Auth:Keys:0")]
    [InlineData("Replay:Path", "/no/such/tape", "KalshiSim:Replay:Path")]
    [InlineData("Replay:Speed", "-1", "KalshiSim:Replay:Speed")]
    [InlineData("Replay:MaxGapSeconds", "0", "KalshiSim:Replay:MaxGapSeconds")]
    public async Task A_bad_setting_stops_start_up_with_a_message_naming_the_key(string key, string value, string named)
    {
        var ct = TestContext.Current.CancellationToken;
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => SimServer.StartAsync(new() { [key] = value }));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        ct.ThrowIfCancellationRequested();
    }
}
