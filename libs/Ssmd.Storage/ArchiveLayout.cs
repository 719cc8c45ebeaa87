using System.Globalization;
using Ssmd.Environments;
using Ssmd.Streams;

namespace Ssmd.Storage;

/// <summary>
/// Where every archive file lives (ARCHITECTURE.md §4), from the environment's <c>storage</c> section:
/// <code>
/// {raw bucket}/{raw prefix}/YYYY/MM/DD/{type}-{HH}.jsonl.zst
/// {raw bucket}/{raw prefix}/YYYY/MM/DD/_manifest.json
/// {normalized bucket}/{normalized prefix}/{kind}/YYYY/MM/DD/{ticker}/data.capnp.zst
/// {normalized bucket}/{normalized prefix}/YYYY/MM/DD/_manifest.json
/// </code>
/// Days and hours are UTC, of the time ssmd received the frame. Messages that could not be filed
/// (an undecodable subject, a frame that is not one JSON line, bytes that are not Cap'n Proto) go to
/// <c>YYYY/MM/DD/_rejected-{source}.jsonl.zst</c> beside the manifest, so nothing is dropped silently.
/// </summary>
public sealed class ArchiveLayout(StorageDefinition storage)
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestName = "_manifest.json";

    /// <summary>The raw archive's bucket and prefix.</summary>
    public StorageLocation Raw { get; } = storage.Raw;

    /// <summary>The normalized archive's bucket and prefix.</summary>
    public StorageLocation Normalized { get; } = storage.Normalized;

    /// <summary>The location of <paramref name="archive"/>.</summary>
    public StorageLocation Location(ArchiveKind archive) => archive == ArchiveKind.Raw ? Raw : Normalized;

    /// <summary>The bucket of <paramref name="archive"/>.</summary>
    public string Bucket(ArchiveKind archive) => Location(archive).Bucket;

    /// <summary><c>{prefix}/YYYY/MM/DD/{type}-{HH}.jsonl.zst</c>.</summary>
    public string RawKey(DateOnly day, string type, int hour) =>
        string.Create(CultureInfo.InvariantCulture, $"{DayFolder(Raw, null, day)}{type}-{hour:D2}.jsonl.zst");

    /// <summary><c>{prefix}/{kind}/YYYY/MM/DD/{ticker}/data.capnp.zst</c>.</summary>
    public string NormalizedKey(NormalizedKind kind, DateOnly day, string ticker) =>
        $"{DayFolder(Normalized, SsmdSubjects.KindToken(kind), day)}{ticker}/data.capnp.zst";

    /// <summary><c>{prefix}/YYYY/MM/DD/_manifest.json</c> of <paramref name="archive"/>.</summary>
    public string ManifestKey(ArchiveKind archive, DateOnly day) => DayFolder(Location(archive), null, day) + ManifestName;

    /// <summary><c>{prefix}/YYYY/MM/DD/_rejected-{source}.jsonl.zst</c>: messages that could not be filed.</summary>
    public string RejectedKey(ArchiveKind archive, DateOnly day, string source) => $"{DayFolder(Location(archive), null, day)}_rejected-{source}.jsonl.zst";

    /// <summary>The folders (key prefixes ending in '/') that hold a day of <paramref name="archive"/>.</summary>
    public IReadOnlyList<string> DayFolders(ArchiveKind archive, DateOnly day) => archive == ArchiveKind.Raw
        ? [DayFolder(Raw, null, day)]
        : [DayFolder(Normalized, null, day), .. SsmdSubjects.KindTokens.Select(token => DayFolder(Normalized, token, day))];

    /// <summary>The normalized folder of one kind and day: <c>{prefix}/{kind}/YYYY/MM/DD/</c>.</summary>
    public string NormalizedDayFolder(NormalizedKind kind, DateOnly day) => DayFolder(Normalized, SsmdSubjects.KindToken(kind), day);

    /// <summary>The UTC day of a Unix time in nanoseconds.</summary>
    public static DateOnly DayOf(long unixNanoseconds) => DateOnly.FromDateTime(DateTime.UnixEpoch.AddTicks(unixNanoseconds / 100));

    /// <summary>The UTC hour (0–23) of a Unix time in nanoseconds.</summary>
    public static int HourOf(long unixNanoseconds) => DateTime.UnixEpoch.AddTicks(unixNanoseconds / 100).Hour;

    /// <summary>
    /// True when <paramref name="name"/> can be one key segment (a ticker, a raw type): printable ASCII,
    /// no '/', '\', '*' or spaces, not '.' or '..', at most 200 bytes.
    /// </summary>
    public static bool IsSafeSegment(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > 200 || name is "." || name is ".." || name[0] == '_')
            return false;
        foreach (var c in name)
        {
            if (c <= ' ' || c >= 0x7f || c is '/' or '\\' or '*' or '?' or '"')
                return false;
        }

        return true;
    }

    private static string DayFolder(StorageLocation location, string? kind, DateOnly day)
    {
        var prefix = location.Prefix.Length == 0 ? "" : location.Prefix + "/";
        var kindPart = kind is null ? "" : kind + "/";
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{kindPart}{day.Year:D4}/{day.Month:D2}/{day.Day:D2}/");
    }
}
