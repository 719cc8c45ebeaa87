namespace Ssmd.KalshiSim.Replay;

/// <summary>
/// One recorded frame: when the recorder received it (Unix ms), its Kalshi <c>type</c>, the frame byte for
/// byte, the recording's <c>sid</c>/<c>seq</c> (used only to order frames received in the same ms, never sent),
/// and which file of the tape it came from.
/// </summary>
internal readonly record struct SimTapeFrame(long ReceivedMs, string Type, ReadOnlyMemory<byte> Data, long? Sid = null, long? Seq = null, int File = 0);
