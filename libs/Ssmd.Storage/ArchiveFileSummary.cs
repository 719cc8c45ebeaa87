namespace Ssmd.Storage;

/// <summary>What an archive file really holds, read back: messages, first and last receive time (Unix ms), size and SHA-256.</summary>
public sealed record ArchiveFileSummary(long Messages, long FirstTsMs, long LastTsMs, long Bytes, string Sha256);
