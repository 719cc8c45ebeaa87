using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ssmd.Archiver.Journal;

/// <summary>
/// What a source's journal has handed to the archive. <see cref="FlushedThrough"/>: every message of the
/// source up to this stream sequence is in the final files (the journal drops such records).
/// <see cref="FlushingThrough"/>: a flush up to this sequence started and may not have finished; the
/// next flush repeats it with the same bound and skips what already reached the files.
/// </summary>
internal sealed class JournalState
{
    public ulong FlushedThrough { get; set; }

    public ulong? FlushingThrough { get; set; }

    public static JournalState Load(string path)
    {
        if (!File.Exists(path))
            return new JournalState();
        return JsonSerializer.Deserialize(File.ReadAllBytes(path), JournalStateJson.Default.JournalState)
            ?? throw new InvalidDataException($"Journal state {path} is empty.");
    }

    /// <summary>Writes the state to a temporary file, fsyncs it and renames it over <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this, JournalStateJson.Default.JournalState);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(JournalState))]
internal sealed partial class JournalStateJson : JsonSerializerContext;
