namespace Ssmd.KalshiSim.Replay;

/// <summary>One recorded frame: when the recorder received it (Unix ms), its Kalshi <c>type</c>, and the frame byte for byte.</summary>
internal readonly record struct SimTapeFrame(long ReceivedMs, string Type, ReadOnlyMemory<byte> Data);
