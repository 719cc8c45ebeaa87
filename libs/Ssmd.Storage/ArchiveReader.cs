using System.Runtime.CompilerServices;
using Ssmd.Environments;
using Ssmd.Storage.Internal;

namespace Ssmd.Storage;

/// <summary>
/// Reads a day of the archive back, for replay, export and checks: the manifest, raw lines in receive
/// order, and normalized events of one ticker or of every ticker, merged in receive-time order.
/// Memory stays bounded however many files a day has: at most <see cref="MaxOpenFiles"/> files are
/// open at once; more are merged in rounds through temporary files.
/// </summary>
public sealed partial class ArchiveReader(IObjectStore store, StorageDefinition storage)
{
    /// <summary>Files open at once when merging (each holds a zstd decoder).</summary>
    public int MaxOpenFiles { get; init; } = 32;

    /// <summary>Where merge rounds spill; the system temp folder by default.</summary>
    public string TempFolder { get; init; } = Path.GetTempPath();

    /// <summary>The layout read.</summary>
    public ArchiveLayout Layout { get; } = new(storage);

    /// <summary>The manifest of a day, or null when the day has none.</summary>
    /// <exception cref="System.Text.Json.JsonException">The manifest is not valid.</exception>
    public async Task<ArchiveManifest?> ReadManifestAsync(ArchiveKind archive, DateOnly day, CancellationToken cancellationToken = default)
    {
        var stream = await store.OpenReadAsync(Layout.Bucket(archive), Layout.ManifestKey(archive, day), cancellationToken).ConfigureAwait(false);
        if (stream is null)
            return null;
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return ArchiveManifest.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
    }

    /// <summary>
    /// What a read of a day cannot return, among the files <paramref name="selected"/> picks: files a flush found
    /// damaged or missing (<see cref="ArchiveManifest.Damaged"/>, with what they lost), and files the manifest lists
    /// that storage no longer has. The readers read what storage holds, so a tool says these before reading.
    /// Null when the day has no manifest: nothing of it was filed in this store.
    /// </summary>
    /// <exception cref="System.Text.Json.JsonException">The manifest is not valid.</exception>
    public async Task<IReadOnlyList<ArchiveDiscrepancy>?> LackingAsync(ArchiveKind archive, DateOnly day, Func<ArchiveManifestFile, bool> selected, CancellationToken cancellationToken = default)
    {
        if (await ReadManifestAsync(archive, day, cancellationToken).ConfigureAwait(false) is not { } manifest)
            return null;
        var lacking = new List<ArchiveDiscrepancy>();
        foreach (var damage in manifest.Damaged ?? [])
        {
            if (selected(damage.Lost))
                lacking.Add(new(damage.Lost.Key, damage.Describe()));
        }

        var listed = manifest.Files.Where(selected).ToList();
        if (listed.Count == 0)
            return lacking;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in Layout.DayFolders(archive, day))
        {
            await foreach (var key in store.ListAsync(Layout.Bucket(archive), folder, cancellationToken).ConfigureAwait(false))
                present.Add(key);
        }

        foreach (var file in listed.Where(f => !present.Contains(f.Key)))
            lacking.Add(new(file.Key, $"listed in the manifest ({file.Messages} messages) but missing from storage"));
        return lacking;
    }

    /// <summary>
    /// Raw lines of a day in receive-time order (hour by hour; within an hour the types' files are
    /// merged by <c>ts</c>, ties in type order). <paramref name="type"/> keeps one Kalshi type.
    /// A line's <see cref="RawArchiveLine.Data"/> is valid until the next line is asked for.
    /// </summary>
    public async IAsyncEnumerable<RawArchiveLine> ReadRawAsync(DateOnly day, string? type = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = new List<(int Hour, string Type, string Key)>();
        await foreach (var key in store.ListAsync(Layout.Raw.Bucket, Layout.DayFolders(ArchiveKind.Raw, day)[0], cancellationToken).ConfigureAwait(false))
        {
            if (TryParseRawFile(key, out var fileType, out var hour) && (type is null || type == fileType))
                files.Add((hour, fileType, key));
        }

        foreach (var hour in files.GroupBy(f => f.Hour).OrderBy(g => g.Key))
        {
            var readers = new List<(ZstdLineReader Reader, string Type)>();
            try
            {
                foreach (var file in hour.OrderBy(f => f.Type, StringComparer.Ordinal))
                {
                    var stream = await store.OpenReadAsync(Layout.Raw.Bucket, file.Key, cancellationToken).ConfigureAwait(false)
                        ?? throw new FileNotFoundException($"'{Layout.Raw.Bucket}/{file.Key}' disappeared while reading.");
                    readers.Add((new ZstdLineReader(stream), file.Type));
                }

                var queue = new PriorityQueue<int, (long Ts, int Index)>();
                var current = new (long Ts, ReadOnlyMemory<byte> Line, Range Data)[readers.Count];
                for (var i = 0; i < readers.Count; i++)
                {
                    if (await NextRawAsync(readers[i].Reader, cancellationToken).ConfigureAwait(false) is { } first)
                    {
                        current[i] = first;
                        queue.Enqueue(i, (first.Ts, i));
                    }
                }

                while (queue.TryDequeue(out var i, out _))
                {
                    var (ts, line, data) = current[i];
                    yield return new RawArchiveLine(ts, readers[i].Type, line[data]);
                    if (await NextRawAsync(readers[i].Reader, cancellationToken).ConfigureAwait(false) is { } next)
                    {
                        current[i] = next;
                        queue.Enqueue(i, (next.Ts, i));
                    }
                }
            }
            finally
            {
                foreach (var (reader, _) in readers)
                    await reader.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Splits <c>…/{type}-{HH}.jsonl.zst</c>; false for manifests, rejected files and anything else.</summary>
    internal static bool TryParseRawFile(string key, out string type, out int hour)
    {
        type = "";
        hour = 0;
        var name = key[(key.LastIndexOf('/') + 1)..];
        const string suffix = ".jsonl.zst";
        if (name.StartsWith('_') || !name.EndsWith(suffix, StringComparison.Ordinal))
            return false;
        var stem = name[..^suffix.Length];
        var dash = stem.LastIndexOf('-');
        if (dash <= 0 || stem.Length - dash != 3 || !int.TryParse(stem.AsSpan(dash + 1), out hour) || hour is < 0 or > 23)
            return false;
        type = stem[..dash];
        return true;
    }

    private static async ValueTask<(long Ts, ReadOnlyMemory<byte> Line, Range Data)?> NextRawAsync(ZstdLineReader reader, CancellationToken cancellationToken)
    {
        if (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is not { } line)
            return null;
        var (ts, _, data) = RawArchiveFormat.ParseLine(line.Span);
        return (ts, line, data);
    }
}
