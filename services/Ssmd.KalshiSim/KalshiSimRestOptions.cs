namespace Ssmd.KalshiSim;

/// <summary>
/// REST rate limits (<c>KalshiSim:Rest</c>): one token bucket per client address. Defaults are Kalshi's
/// Basic read tier (200 tokens/s at 10 tokens a request = 20 requests/s, 2 s of burst).
/// </summary>
public sealed class KalshiSimRestOptions
{
    public int RequestsPerSecond { get; set; } = 20;

    public int Burst { get; set; } = 40;
}
