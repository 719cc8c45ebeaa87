namespace Ssmd.Storage;

/// <summary>One file of a day's manifest.</summary>
public sealed class ArchiveManifestFile
{
    /// <summary>The object key inside the archive's bucket.</summary>
    public string Key { get; set; } = "";

    /// <summary>
    /// What the file holds: <c>raw</c>, a normalized kind (<c>trade</c>, <c>orderbook</c>, <c>ticker</c>,
    /// <c>status</c>) or <c>rejected</c>.
    /// </summary>
    public string Kind { get; set; } = "";

    /// <summary>The raw message type (raw files), the ticker (normalized files), or the rejected file's source.</summary>
    public string Name { get; set; } = "";

    /// <summary>Messages in the file.</summary>
    public long Messages { get; set; }

    /// <summary>The stream sequence of the first message.</summary>
    public ulong FirstSeq { get; set; }

    /// <summary>The stream sequence of the last message (files hold messages in stream order).</summary>
    public ulong LastSeq { get; set; }

    /// <summary>Receive time of the first message, Unix milliseconds.</summary>
    public long FirstTsMs { get; set; }

    /// <summary>Receive time of the last message, Unix milliseconds.</summary>
    public long LastTsMs { get; set; }

    /// <summary>Size of the file (compressed), bytes.</summary>
    public long Bytes { get; set; }

    /// <summary>SHA-256 of the file as stored, lower-case hex.</summary>
    public string Sha256 { get; set; } = "";
}
