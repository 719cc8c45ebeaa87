namespace Ssmd.KalshiSim;

/// <summary>
/// Replay of recorded raw archives (<c>KalshiSim:Replay</c>): with <see cref="Path"/> set, the exchange
/// serves the recorded frames instead of its market model, over the same protocol (its own sid/seq).
/// </summary>
public sealed class KalshiSimReplayOptions
{
    /// <summary>A <c>*.jsonl.zst</c> raw archive, or a directory of them (replayed in name order).</summary>
    public string? Path { get; set; }

    /// <summary>1 = the recorded pace, N = N times faster, 0 = as fast as the clients read.</summary>
    public double Speed { get; set; } = 1;

    /// <summary>Start again from the first frame at the end.</summary>
    public bool Loop { get; set; }
}
