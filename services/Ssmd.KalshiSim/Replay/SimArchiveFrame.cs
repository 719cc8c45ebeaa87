namespace Ssmd.KalshiSim.Replay;

/// <summary>One line of ssmd's raw archive: receive time, Kalshi type and the frame byte for byte.</summary>
internal readonly record struct SimArchiveFrame(long TsMs, string Type, ReadOnlyMemory<byte> Data);
