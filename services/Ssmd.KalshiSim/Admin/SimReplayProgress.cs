namespace Ssmd.KalshiSim.Admin;

/// <summary>How far a replay has come (<c>GET /admin/replay</c>): frames taken from the tape, those not served, bad lines, tape time of the last frame, and the hold point if any.</summary>
internal sealed record SimReplayProgress(int Files, long Frames, long Skipped, long BadLines, bool Ended, long? TapeTimeMs, long? HoldAfterMs, bool Holding);
