namespace Ssmd.KalshiSim.Admin;

/// <summary><c>PUT /admin/replay</c>: hold the tape after this tape time (exchange ms, within each file), or null to let it run.</summary>
internal sealed record SimReplayRequest(long? HoldAfterMs);
