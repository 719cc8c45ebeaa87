namespace Ssmd.ServiceDefaults;

/// <summary>Where the archive lives.</summary>
public enum ArchiveStoreKind
{
    /// <summary>Not parsed yet (before <c>AddArchiveStore</c> has run).</summary>
    None,

    /// <summary>An S3 endpoint: MinIO in the homelab, s3rver locally, AWS.</summary>
    S3,

    /// <summary>A local folder (the embedded default).</summary>
    Folder,
}
