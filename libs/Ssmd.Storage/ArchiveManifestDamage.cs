using System.Globalization;

namespace Ssmd.Storage;

/// <summary>
/// A listed file a flush found damaged (unreadable, and not the bytes its entry describes) or missing. The file
/// started again with the messages that followed; the messages its entry listed are no longer in the archive's
/// files, and <see cref="ArchiveVerifier"/> reports them until someone restores them.
/// </summary>
public sealed class ArchiveManifestDamage
{
    /// <summary>The file's manifest entry as it was: what the archive lost from it.</summary>
    public ArchiveManifestFile Lost { get; set; } = new();

    /// <summary>Where the damaged bytes were kept (<c>{key}.damaged-{sha256 prefix}</c>), to recover what they can; null when the object was missing.</summary>
    public string? SetAside { get; set; }

    /// <summary>Why the file could not be continued (the reader's error, or that it was missing).</summary>
    public string Reason { get; set; } = "";

    /// <summary>When the flush found it (UTC).</summary>
    public DateTimeOffset Found { get; set; }

    /// <summary>What was lost and where the bytes went, in one sentence (verify and the tools print it).</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture,
            $"found {(SetAside is null ? "missing" : "damaged")} at {Found:yyyy-MM-ddTHH:mm:ssZ} ({Reason}): the {Lost.Messages} messages it listed, sequences {Lost.FirstSeq}..{Lost.LastSeq} received {DateTimeOffset.FromUnixTimeMilliseconds(Lost.FirstTsMs):HH:mm:ss}..{DateTimeOffset.FromUnixTimeMilliseconds(Lost.LastTsMs):HH:mm:ss} UTC, are in no file; ") +
        (SetAside is { } kept ? $"its damaged bytes are kept at {kept}" : "nothing of it was left to keep");
}
