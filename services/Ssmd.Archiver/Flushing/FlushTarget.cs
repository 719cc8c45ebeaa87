using Ssmd.Archiver.Consuming;
using Ssmd.Storage;
using Ssmd.Streams;

namespace Ssmd.Archiver.Flushing;

/// <summary>One archive file a flush writes: where it goes, what it holds, and which source's journal feeds it.</summary>
internal sealed record FlushTarget(int Id, ArchiveSource Source, ArchiveKind Archive, DateOnly Day, string Key, string Kind, string Name)
{
    /// <summary>The raw type as a JSON string (raw files).</summary>
    public byte[]? TypeJson { get; init; }

    /// <summary>The normalized kind (normalized files).</summary>
    public NormalizedKind? NormalizedKind { get; init; }

    public bool IsRejected => Kind == ArchiveFiles.RejectedKind;
}
