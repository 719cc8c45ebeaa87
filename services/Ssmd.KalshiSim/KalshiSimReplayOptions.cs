namespace Ssmd.KalshiSim;

/// <summary>
/// Replay of a recorded tape (<c>KalshiSim:Replay</c>): with <see cref="Path"/> set, the exchange serves the
/// recorded frames instead of its market model, over the same protocol (its own sid/seq), paced on the
/// exchange clock (<c>msg.ts_ms</c>).
/// </summary>
public sealed class KalshiSimReplayOptions
{
    /// <summary>
    /// A tape file or a folder of them (searched in depth): ssmd raw archives (<c>*.jsonl.zst</c>, lines
    /// <c>{"ts","type","data"}</c>) and captures (<c>*.ndjson.gz</c> or <c>*.ndjson</c>, lines
    /// <c>{"recv_ms","event"}</c>), merged into receive order.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>1 = the recorded pace, N = N times faster, 0 = as fast as the clients read.</summary>
    public double Speed { get; set; } = 1;

    /// <summary>
    /// Cut any pause between two frames longer than this many seconds to this (unset = keep every pause).
    /// A capture of several days then replays without its idle hours.
    /// </summary>
    public double? MaxGapSeconds { get; set; }

    /// <summary>Start again from the first frame at the end.</summary>
    public bool Loop { get; set; }
}
