namespace Ssmd.Storage;

/// <summary>What <see cref="ArchiveVerifier"/> checked and every discrepancy it found.</summary>
public sealed record ArchiveVerifyReport(ArchiveKind Archive, DateOnly Day, int FilesChecked, long MessagesChecked, IReadOnlyList<ArchiveDiscrepancy> Discrepancies)
{
    /// <summary>True when nothing is wrong.</summary>
    public bool Passed => Discrepancies.Count == 0;
}
