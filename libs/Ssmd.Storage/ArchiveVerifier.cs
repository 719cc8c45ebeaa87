using System.Globalization;
using System.Text.Json;
using Ssmd.Environments;

namespace Ssmd.Storage;

/// <summary>
/// Checks a day of an archive against its manifest and, when given a probe, against the stream it came
/// from: every listed file exists, holds the listed message count, first/last times, size and SHA-256;
/// no file of the day is missing from the manifest; the sequences form ranges without holes (a gap that
/// a neighbouring day holds is not a hole: days are cut by receive time); and the stream holds no message
/// of the day that the archive lacks. A file the archiver found damaged and set aside is reported with the
/// messages it lost (its set-aside copy is not a stray). Every discrepancy is reported, not only the first.
/// </summary>
public sealed class ArchiveVerifier(IObjectStore store, StorageDefinition storage)
{
    private readonly ArchiveReader _reader = new(store, storage);

    /// <summary>Verifies one day of one archive.</summary>
    public async Task<ArchiveVerifyReport> VerifyAsync(ArchiveKind archive, DateOnly day, IArchiveStreamProbe? probe = null, CancellationToken cancellationToken = default)
    {
        var layout = _reader.Layout;
        var bucket = layout.Bucket(archive);
        var manifestKey = layout.ManifestKey(archive, day);
        var problems = new List<ArchiveDiscrepancy>();
        ArchiveManifest? manifest;
        try
        {
            manifest = await _reader.ReadManifestAsync(archive, day, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            problems.Add(new(manifestKey, $"the manifest is not valid JSON: {e.Message}"));
            return new ArchiveVerifyReport(archive, day, 0, 0, problems);
        }

        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in layout.DayFolders(archive, day))
        {
            await foreach (var key in store.ListAsync(bucket, folder, cancellationToken).ConfigureAwait(false))
                present.Add(key);
        }

        present.Remove(manifestKey);
        if (manifest is null)
        {
            if (present.Count > 0)
                problems.Add(new(manifestKey, $"missing, but the day has {present.Count} files"));
            return new ArchiveVerifyReport(archive, day, 0, 0, problems);
        }

        long messages = 0;
        foreach (var file in manifest.Files)
        {
            present.Remove(file.Key);
            messages += await CheckFileAsync(bucket, file, problems, cancellationToken).ConfigureAwait(false);
        }

        // A damaged file the archiver set aside: its messages are lost from the files until someone restores them.
        foreach (var damage in manifest.Damaged ?? [])
        {
            if (damage.SetAside is { } setAside)
                present.Remove(setAside);
            problems.Add(new(damage.Lost.Key, damage.Describe()));
        }

        foreach (var stray in present.Order(StringComparer.Ordinal))
            problems.Add(new(stray, "a file of this day that the manifest does not list"));

        foreach (var stream in manifest.Streams)
            await CheckSequencesAsync(archive, day, manifest, stream, probe, problems, cancellationToken).ConfigureAwait(false);
        return new ArchiveVerifyReport(archive, day, manifest.Files.Count, messages, problems);
    }

    private async Task<long> CheckFileAsync(string bucket, ArchiveManifestFile file, List<ArchiveDiscrepancy> problems, CancellationToken cancellationToken)
    {
        var stream = await store.OpenReadAsync(bucket, file.Key, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            problems.Add(new(file.Key, $"listed in the manifest ({file.Messages} messages) but missing"));
            return 0;
        }

        ArchiveFileSummary found;
        try
        {
            found = await ArchiveFiles.SummarizeAsync(stream, file.Kind, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            problems.Add(new(file.Key, $"unreadable: {e.Message}"));
            return 0;
        }

        if (found.Sha256 != file.Sha256)
            problems.Add(new(file.Key, $"SHA-256 is {found.Sha256}, the manifest says {file.Sha256}"));
        if (found.Bytes != file.Bytes)
            problems.Add(new(file.Key, $"{found.Bytes} bytes, the manifest says {file.Bytes}"));
        if (found.Messages != file.Messages)
            problems.Add(new(file.Key, $"{found.Messages} messages, the manifest says {file.Messages}"));
        if (found.Messages > 0 && (found.FirstTsMs != file.FirstTsMs || found.LastTsMs != file.LastTsMs))
            problems.Add(new(file.Key, $"times {found.FirstTsMs}..{found.LastTsMs} ms, the manifest says {file.FirstTsMs}..{file.LastTsMs}"));
        if (file.Messages > 0 && (file.LastSeq < file.FirstSeq || file.LastSeq - file.FirstSeq + 1 < (ulong)file.Messages))
            problems.Add(new(file.Key, $"{file.Messages} messages cannot lie in sequences {file.FirstSeq}..{file.LastSeq}"));
        return found.Messages;
    }

    private async Task CheckSequencesAsync(ArchiveKind archive, DateOnly day, ArchiveManifest manifest, ArchiveManifestStream stream, IArchiveStreamProbe? probe,
        List<ArchiveDiscrepancy> problems, CancellationToken cancellationToken)
    {
        var subject = $"stream {stream.Name} ({day:yyyy-MM-dd})";
        var inFiles = manifest.Files.Sum(f => f.Messages) + manifest.LostMessages;
        ulong inRanges = 0;
        foreach (var range in stream.Sequences)
            inRanges += range[1] - range[0] + 1;
        if (manifest.Streams.Count == 1 && inFiles != stream.Messages)
            problems.Add(new(subject, $"the files hold {inFiles} messages (with those of damaged files), the stream entry says {stream.Messages}"));
        if (inRanges != (ulong)stream.Messages)
            problems.Add(new(subject, $"the sequence ranges hold {inRanges} sequences, the stream entry says {stream.Messages}"));
        foreach (var file in manifest.Files.Where(f => f.Messages > 0 && (!stream.Contains(f.FirstSeq) || !stream.Contains(f.LastSeq))))
            problems.Add(new(file.Key, $"sequences {file.FirstSeq}..{file.LastSeq} lie outside the day's ranges"));
        if (stream.Sequences.Count == 0)
            return;

        // Gaps between ranges are holes unless the day before or after holds them.
        var neighbours = new List<ArchiveManifestStream>();
        foreach (var other in new[] { day.AddDays(-1), day.AddDays(1) })
        {
            try
            {
                if (await _reader.ReadManifestAsync(archive, other, cancellationToken).ConfigureAwait(false) is { } m && m.Streams.Find(s => s.Name == stream.Name) is { } s)
                    neighbours.Add(s);
            }
            catch (JsonException)
            {
                // That day's own verification reports its manifest.
            }
        }

        var (first, last) = (-1L, -1L);
        var range2 = probe is null ? null : await probe.GetRangeAsync(stream.Name, cancellationToken).ConfigureAwait(false);
        if (range2 is { } r)
            (first, last) = ((long)r.First, (long)r.Last);
        for (var i = 1; i < stream.Sequences.Count; i++)
        {
            var holeStart = stream.Sequences[i - 1][1] + 1;
            var holeEnd = stream.Sequences[i][0] - 1;
            var missing = Uncovered(holeStart, holeEnd, neighbours);
            foreach (var (a, b) in missing)
            {
                var held = range2 is not null && (long)b >= first;
                problems.Add(new(subject, string.Create(CultureInfo.InvariantCulture,
                    $"sequences {a}..{b} ({b - a + 1}) are in no archive file of this day or its neighbours{(held ? "; the stream still holds them" : "")}")));
            }
        }

        if (probe is null || range2 is null)
            return;

        // The edges: a message of this day just after the last or before the first archived one is missing.
        var lastArchived = stream.Sequences[^1][1];
        if ((long)lastArchived < last && !neighbours.Any(n => n.Contains(lastArchived + 1))
            && await probe.GetReceiveTimeAsync(stream.Name, lastArchived + 1, cancellationToken).ConfigureAwait(false) is { } after
            && ArchiveLayout.DayOf(after) == day)
            problems.Add(new(subject, $"the stream holds sequence {lastArchived + 1} of this day, after the last archived one ({lastArchived}): not archived yet"));
        var firstArchived = stream.Sequences[0][0];
        if (firstArchived > 1 && (long)firstArchived - 1 >= first && !neighbours.Any(n => n.Contains(firstArchived - 1))
            && await probe.GetReceiveTimeAsync(stream.Name, firstArchived - 1, cancellationToken).ConfigureAwait(false) is { } before
            && ArchiveLayout.DayOf(before) == day)
            problems.Add(new(subject, $"the stream holds sequence {firstArchived - 1} of this day, before the first archived one ({firstArchived})"));
    }

    private static List<(ulong, ulong)> Uncovered(ulong start, ulong end, List<ArchiveManifestStream> neighbours)
    {
        var result = new List<(ulong, ulong)>();
        var covering = neighbours.SelectMany(n => n.Sequences).Where(r => r[1] >= start && r[0] <= end).OrderBy(r => r[0]).ToList();
        var at = start;
        foreach (var r in covering)
        {
            if (r[0] > at)
                result.Add((at, r[0] - 1));
            at = Math.Max(at, r[1] + 1);
            if (at > end)
                break;
        }

        if (at <= end)
            result.Add((at, end));
        return result;
    }
}
