using System.Text.Json;
using System.Text.Json.Serialization;
using Ssmd.Storage.Internal;

namespace Ssmd.Storage;

/// <summary>
/// One day of one archive (<c>_manifest.json</c>): every file with its message count, stream sequence
/// range, first and last receive times and SHA-256, and per stream the sequences the day holds. It is
/// written last, after every file it lists, so a file it lists is complete. A listed file found damaged is
/// recorded in <see cref="Damaged"/> with what it lost.
/// </summary>
public sealed class ArchiveManifest
{
    /// <summary>The format version (1).</summary>
    public int Version { get; set; } = 1;

    /// <summary><c>raw</c> or <c>normalized</c>.</summary>
    public string Archive { get; set; } = "";

    /// <summary>The UTC day, <c>YYYY-MM-DD</c>.</summary>
    public string Day { get; set; } = "";

    /// <summary>When this manifest was last written (UTC, ISO 8601).</summary>
    public DateTimeOffset Updated { get; set; }

    /// <summary>The JetStream streams the files came from, with the sequences this day holds.</summary>
    public List<ArchiveManifestStream> Streams { get; set; } = [];

    /// <summary>Every file of the day, by key.</summary>
    public List<ArchiveManifestFile> Files { get; set; } = [];

    /// <summary>Listed files a flush found damaged or missing, and what each lost; absent (null) when there were none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ArchiveManifestDamage>? Damaged { get; set; }

    /// <summary>Messages the <see cref="Damaged"/> files listed: in the day's sequence ranges, in no file.</summary>
    [JsonIgnore]
    public long LostMessages => Damaged?.Sum(d => d.Lost.Messages) ?? 0;

    /// <summary>The entry of <paramref name="key"/>, or null.</summary>
    public ArchiveManifestFile? Find(string key) => Files.Find(file => file.Key == key);

    /// <summary>The stream entry named <paramref name="stream"/>, created when missing.</summary>
    public ArchiveManifestStream Stream(string stream)
    {
        var found = Streams.Find(s => s.Name == stream);
        if (found is null)
        {
            found = new ArchiveManifestStream { Name = stream };
            Streams.Add(found);
        }

        return found;
    }

    /// <summary>Reads a manifest.</summary>
    /// <exception cref="JsonException">The bytes are not a manifest.</exception>
    public static ArchiveManifest Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, ArchiveJsonContext.Default.ArchiveManifest) ?? throw new JsonException("The manifest is null.");

    /// <summary>Writes the manifest as indented UTF-8 JSON, files in key order.</summary>
    public byte[] ToJson()
    {
        Files.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        Streams.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return JsonSerializer.SerializeToUtf8Bytes(this, ArchiveJsonContext.Default.ArchiveManifest);
    }
}
