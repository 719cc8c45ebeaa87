namespace Ssmd.Storage;

/// <summary>One line of the raw archive: when the frame arrived, its Kalshi type, and the frame itself, byte for byte.</summary>
/// <param name="TsMs">Receive time, Unix milliseconds.</param>
/// <param name="Type">The Kalshi message type (from the subject).</param>
/// <param name="Data">The frame exactly as received (valid only until the reader moves on, unless copied).</param>
public readonly record struct RawArchiveLine(long TsMs, string Type, ReadOnlyMemory<byte> Data);
