namespace Ssmd.KalshiSim;

/// <summary>
/// The simulator's settings, bound from the <c>KalshiSim</c> configuration section
/// (<c>KalshiSim__Seed=7</c> in the environment). Validated at start; errors name the key.
/// </summary>
public sealed class KalshiSimOptions
{
    public const string Section = "KalshiSim";

    /// <summary>Seed of the market model: the same seed, start time and load give the same stream.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Number of markets (10 to 100,000), plus the rolling 15-minute gold windows.</summary>
    public int Markets { get; set; } = 1_000;

    /// <summary>Simulated start time; unset = now (rounded down to the second).</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>Add the rolling KXGOLD15M windows (created, opened, closed, determined and settled every 15 minutes).</summary>
    public bool RollingSeries { get; set; } = true;

    public KalshiSimLoadOptions Load { get; set; } = new();

    public KalshiSimAuthOptions Auth { get; set; } = new();

    public KalshiSimRestOptions Rest { get; set; } = new();

    public KalshiSimWebSocketOptions WebSocket { get; set; } = new();

    public KalshiSimFaultOptions Faults { get; set; } = new();

    public KalshiSimReplayOptions Replay { get; set; } = new();
}
