namespace Ssmd.Storage;

/// <summary>The two archives: exchange frames as received, and ssmd's normalized Cap'n Proto events.</summary>
public enum ArchiveKind
{
    /// <summary><c>{raw bucket}/{prefix}/YYYY/MM/DD/{type}-{HH}.jsonl.zst</c>.</summary>
    Raw,

    /// <summary><c>{normalized bucket}/{prefix}/{kind}/YYYY/MM/DD/{ticker}/data.capnp.zst</c>.</summary>
    Normalized,
}
