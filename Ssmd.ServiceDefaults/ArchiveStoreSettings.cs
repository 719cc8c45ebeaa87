using Ssmd.ServiceDefaults.Internal;

namespace Ssmd.ServiceDefaults;

/// <summary>
/// Settings of <c>AddArchiveStore</c>, read from <c>Ssmd:Archive</c> and <c>Ssmd:Archive:&lt;name&gt;</c>
/// with <c>ConnectionStrings:&lt;name&gt;</c> taking precedence, then parsed: the parsed properties
/// (<see cref="Kind"/> and after) are filled by <c>AddArchiveStore</c> and registered as a singleton.
/// <see cref="ToString"/> never shows the secret key; do not log <see cref="ConnectionString"/> or <see cref="SecretKey"/>.
/// </summary>
public sealed class ArchiveStoreSettings : IConnectionStringSettings
{
    /// <summary>
    /// <c>Endpoint=http://host:port;AccessKey=…;SecretKey=…[;Region=us-east-1]</c> for S3, or
    /// <c>file:///absolute/folder</c> for a local folder. Contains the secret key.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leaves out the <c>S3</c> or <c>ArchiveFolder</c> health check. Default false.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>S3 or a folder.</summary>
    public ArchiveStoreKind Kind { get; internal set; }

    /// <summary>The S3 endpoint (<see cref="ArchiveStoreKind.S3"/> only).</summary>
    public Uri? Endpoint { get; internal set; }

    /// <summary>The S3 signing region (<see cref="ArchiveStoreKind.S3"/> only); <c>us-east-1</c> unless the connection string says otherwise.</summary>
    public string? Region { get; internal set; }

    /// <summary>The S3 access key id (<see cref="ArchiveStoreKind.S3"/> only); not secret.</summary>
    public string? AccessKey { get; internal set; }

    /// <summary>The S3 secret key (<see cref="ArchiveStoreKind.S3"/> only). Secret: never log it.</summary>
    public string? SecretKey { get; internal set; }

    /// <summary>The absolute folder path (<see cref="ArchiveStoreKind.Folder"/> only).</summary>
    public string? FolderPath { get; internal set; }

    /// <summary>A description safe for logs: endpoint, region and access key, or the folder; the secret key as <c>***</c>.</summary>
    public override string ToString() => Kind switch
    {
        ArchiveStoreKind.S3 => $"S3 {Endpoint} (region {Region}, access key {AccessKey}, secret key ***)",
        ArchiveStoreKind.Folder => $"folder {FolderPath}",
        _ => "archive store (not configured)",
    };
}
