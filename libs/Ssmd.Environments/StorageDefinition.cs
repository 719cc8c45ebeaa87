namespace Ssmd.Environments;

/// <summary>Where the archiver writes (<c>storage</c>). The endpoint itself comes from the <c>archive</c> connection string.</summary>
public sealed record StorageDefinition
{
    /// <summary>Raw frames, JSONL + zstd.</summary>
    public required StorageLocation Raw { get; init; }

    /// <summary>Normalized messages, Cap'n Proto + zstd.</summary>
    public required StorageLocation Normalized { get; init; }
}
