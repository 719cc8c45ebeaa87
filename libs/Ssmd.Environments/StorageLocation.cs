namespace Ssmd.Environments;

/// <summary>A bucket and a key prefix inside it.</summary>
public sealed record StorageLocation
{
    /// <summary>A valid S3 bucket name, e.g. <c>ssmd-raw</c>.</summary>
    public required string Bucket { get; init; }

    /// <summary>The key prefix without leading or trailing <c>/</c>, e.g. <c>kalshi/v1</c>; empty for the bucket's root.</summary>
    public required string Prefix { get; init; }
}
