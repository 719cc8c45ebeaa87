using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Ssmd.Archiver.Internal;
using Ssmd.Archiver.Journal;
using Ssmd.Capnp;
using Ssmd.Storage;
using ZstdSharp;

namespace Ssmd.Archiver.Flushing;

internal sealed partial class ArchiveFlusher
{
    private const int LineBufferFlush = 1 << 18;

    /// <summary>Writes every target (a few at once), then the manifests of the days they belong to.</summary>
    private async Task<(int Files, long Messages, IReadOnlyList<string> Days)> WriteTargetsAsync(FlushIndex index, List<SafeFileHandle> handles, CancellationToken cancellationToken)
    {
        if (index.Entries.Count == 0)
            return (0, 0, []);
        var entries = index.Entries.ToArray();
        Array.Sort(entries, (a, b) => a.Target != b.Target ? a.Target.CompareTo(b.Target) : a.Sequence.CompareTo(b.Sequence));

        var groups = new List<(FlushTarget Target, int Start, int Count)>();
        for (var start = 0; start < entries.Length;)
        {
            var end = start;
            while (end < entries.Length && entries[end].Target == entries[start].Target)
                end++;
            groups.Add((index.Targets[entries[start].Target], start, end - start));
            start = end;
        }

        var manifests = new Dictionary<(ArchiveKind, DateOnly), DayManifest>();
        foreach (var day in groups.Select(g => (g.Target.Archive, g.Target.Day)).Distinct())
            manifests[day] = new DayManifest(await ReadManifestAsync(day.Archive, day.Day, cancellationToken).ConfigureAwait(false));

        long messages = 0;
        var files = 0;
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = options.FlushParallelism, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            var day = manifests[(group.Target.Archive, group.Target.Day)];
            ArchiveManifestFile? existing;
            ArchiveManifestDamage[] damaged;
            lock (day)
            {
                existing = day.Manifest.Find(group.Target.Key);
                damaged = day.Manifest.Damaged?.Where(d => d.Lost.Key == group.Target.Key).ToArray() ?? [];
            }

            var result = await WriteTargetAsync(group.Target, new ArraySegment<JournalEntry>(entries, group.Start, group.Count), existing, damaged, day, handles, ct).ConfigureAwait(false);
            if (result is null)
                return;
            lock (day)
            {
                if (existing is not null)
                    day.Manifest.Files.Remove(existing);
                day.Manifest.Files.Add(result.Value.File);
                day.Sequences.AddRange(result.Value.Sequences);
                day.Stream = group.Target.Source.Stream;
                day.Changed = true;
            }

            Interlocked.Add(ref messages, result.Value.Sequences.Count);
            Interlocked.Increment(ref files);
        }).ConfigureAwait(false);

        var days = new List<string>();
        foreach (var ((archive, date), day) in manifests.Where(m => m.Value.Changed))
        {
            day.Sequences.Sort();
            day.Manifest.Stream(day.Stream!).Add(day.Sequences);
            day.Manifest.Archive = archive == ArchiveKind.Raw ? "raw" : "normalized";
            day.Manifest.Day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            day.Manifest.Updated = time.GetUtcNow();
            var json = day.Manifest.ToJson();
            await store.PutBytesAsync(layout.Bucket(archive), layout.ManifestKey(archive, date), json, cancellationToken).ConfigureAwait(false);
            metrics.Written(layout.Bucket(archive), json.Length);
            days.Add($"{day.Manifest.Archive} {day.Manifest.Day}");
        }

        return (files, messages, days);
    }

    private async Task<ArchiveManifest> ReadManifestAsync(ArchiveKind archive, DateOnly day, CancellationToken cancellationToken)
    {
        var stream = await store.OpenReadAsync(layout.Bucket(archive), layout.ManifestKey(archive, day), cancellationToken).ConfigureAwait(false);
        if (stream is null)
            return new ArchiveManifest();
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return ArchiveManifest.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
    }

    /// <summary>
    /// Appends a target's new records (sorted by sequence, duplicates and those already in the file
    /// dropped) to its file and puts the file. Returns its manifest entry and the sequences it added.
    /// A listed file found damaged or missing is recorded as such and started again with the new records.
    /// </summary>
    /// <param name="damaged">The damage recorded for this file: its lost sequences are not filed again, and its set-aside copy is never continued.</param>
    private async Task<(ArchiveManifestFile File, List<ulong> Sequences)?> WriteTargetAsync(
        FlushTarget target, ArraySegment<JournalEntry> group, ArchiveManifestFile? existing, ArchiveManifestDamage[] damaged, DayManifest day, List<SafeFileHandle> handles, CancellationToken cancellationToken)
    {
        var fresh = new List<JournalEntry>(group.Count);
        var last = existing?.LastSeq ?? (damaged.Length == 0 ? 0 : damaged.Max(d => d.Lost.LastSeq));
        foreach (var entry in group)
        {
            if (entry.Sequence > last)
            {
                fresh.Add(entry);
                last = entry.Sequence;
            }
        }

        if (fresh.Count == 0)
            return null;

        var bucket = layout.Bucket(target.Archive);
        var temp = Path.Combine(_scratch, $"{Guid.NewGuid():N}.part");
        try
        {
            long skip = 0;
            long kept = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            // FileShare.Read: a leftover is counted through a second handle on this copy.
            var output = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                var current = await store.OpenReadAsync(bucket, target.Key, cancellationToken).ConfigureAwait(false);
                if (current is null && existing is not null)
                {
                    await RecordDamageAsync(target, day, existing, null, "the object is missing from storage", cancellationToken).ConfigureAwait(false);
                    existing = null;
                }

                if (current is not null)
                {
                    // The old compressed frames stay as they are; the new messages follow as one more zstd frame.
                    await using (current.ConfigureAwait(false))
                        await CopyHashingAsync(current, output, hash, cancellationToken).ConfigureAwait(false);
                    kept = output.Length;

                    // The object, not the manifest, says what the file holds: a flush cut after its PUT and before the
                    // manifest's may have added messages the entry does not list, and the next flush does not always know
                    // it was cut (Stored mode restores a lost work directory from the parts). Unless it is byte for byte
                    // the file the manifest lists (the hash is needed for the new entry anyway), count what it holds.
                    var found = Convert.ToHexStringLower(hash.GetCurrentHash());
                    if (existing is null && damaged.Any(d => d.SetAside == SetAsideKey(target, found)))
                    {
                        // Still the copy a flush cut short had set aside and not yet replaced: start again, as that flush
                        // did (read as an interrupted flush's file, an older copy would stand for the new records).
                        output.SetLength(0);
                        hash.GetHashAndReset();
                        kept = 0;
                    }
                    else if (existing is null || existing.Bytes != kept || existing.Sha256 != found)
                    {
                        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                        var (counted, damage) = await LeftoverAsync(target, temp, existing, fresh.Count, cancellationToken).ConfigureAwait(false);
                        if (damage is null)
                        {
                            skip = counted;
                        }
                        else
                        {
                            if (existing is not null)
                            {
                                // Listed, so the journal no longer holds what it had: its bytes are kept for whatever can
                                // be recovered from them (all a rolled-back copy holds), and the manifest says what is lost,
                                // before the file starts again.
                                var setAside = SetAsideKey(target, found);
                                await store.PutFileAsync(bucket, setAside, temp, cancellationToken).ConfigureAwait(false);
                                await RecordDamageAsync(target, day, existing, setAside, damage, cancellationToken).ConfigureAwait(false);
                                existing = null;
                            }

                            output.SetLength(0);
                            hash.GetHashAndReset();
                            kept = 0;
                        }
                    }
                }

                if (skip < fresh.Count)
                    await CompressAsync(target, fresh, (int)skip, handles, output, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                output.Position = kept;
                await CopyHashingAsync(output, null, hash, cancellationToken).ConfigureAwait(false);
                var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
                var bytes = output.Length;
                await output.DisposeAsync().ConfigureAwait(false);
                await store.PutFileAsync(bucket, target.Key, temp, cancellationToken).ConfigureAwait(false);
                metrics.Written(bucket, bytes);

                var file = new ArchiveManifestFile
                {
                    Key = target.Key,
                    Kind = target.Kind,
                    Name = target.Name,
                    Messages = (existing?.Messages ?? 0) + fresh.Count,
                    FirstSeq = existing?.FirstSeq ?? fresh[0].Sequence,
                    LastSeq = fresh[^1].Sequence,
                    FirstTsMs = existing?.FirstTsMs ?? TimeOf(target, fresh[0], handles),
                    LastTsMs = TimeOf(target, fresh[^1], handles),
                    Bytes = bytes,
                    Sha256 = sha,
                };
                return (file, fresh.ConvertAll(e => e.Sequence));
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// How many of a target's new records the copy of its current object at <paramref name="path"/> already holds
    /// (written by a flush cut before its manifest): its messages beyond those the manifest lists, which are the
    /// first of the new records in sequence order. If the copy cannot be continued, why: it is unreadable, or holds
    /// fewer messages than the manifest lists (damage from outside: a store rolled back, an older copy put back).
    /// The file is then written again from the journal alone.
    /// </summary>
    private async Task<(long Skip, string? Damage)> LeftoverAsync(FlushTarget target, string path, ArchiveManifestFile? existing, int fresh, CancellationToken cancellationToken)
    {
        ArchiveFileSummary summary;
        try
        {
            var copy = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.Asynchronous);
            summary = await ArchiveFiles.SummarizeAsync(copy, target.Kind, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            // Not listed in the manifest, every message it could hold is still journaled: a file a cut-short flush
            // left unreadable (a store whose PUT is not atomic, as s3rver's). A listed one is damage (the caller's).
            if (existing is null)
                ArchiverLog.UnreadableLeftover(logger, target.Key, e.Message);
            return (0, e.Message);
        }

        var listed = existing?.Messages ?? 0;
        var skip = summary.Messages - listed;
        if (skip < 0)
            return (0, $"it holds {summary.Messages} messages where the manifest lists {listed}");
        if (skip > fresh)
        {
            ArchiverLog.Inconsistent(logger, target.Key, summary.Messages, listed, fresh);
            return (fresh, null);
        }

        if (skip > 0)
            ArchiverLog.Reconciled(logger, target.Key, summary.Messages, listed, skip);
        return (skip, null);
    }

    /// <summary>
    /// Records that the listed file <paramref name="lost"/> is damaged or missing. The stored manifest stops listing
    /// it (and records the loss) before the file starts again: a flush cut after this and repeated then finds an
    /// unlisted file and counts what it holds, so nothing is appended twice. The flush's own manifest follows suit.
    /// </summary>
    private async Task RecordDamageAsync(FlushTarget target, DayManifest day, ArchiveManifestFile lost, string? setAside, string reason, CancellationToken cancellationToken)
    {
        var damage = new ArchiveManifestDamage { Lost = lost, SetAside = setAside, Reason = reason, Found = time.GetUtcNow() };
        var bucket = layout.Bucket(target.Archive);
        var key = layout.ManifestKey(target.Archive, target.Day);
        await day.Storing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // What is stored is still what this flush read (one flush at a time), plus any damage recorded before this one.
            var stored = await ReadManifestAsync(target.Archive, target.Day, cancellationToken).ConfigureAwait(false);
            stored.Files.RemoveAll(f => f.Key == lost.Key);
            (stored.Damaged ??= []).Add(damage);
            stored.Updated = damage.Found;
            var json = stored.ToJson();
            await store.PutBytesAsync(bucket, key, json, cancellationToken).ConfigureAwait(false);
            metrics.Written(bucket, json.Length);
        }
        finally
        {
            day.Storing.Release();
        }

        // Once stored: a flush repeated after a failure before this finds the same damage and reports it then.
        ArchiverLog.FileDamaged(logger, lost.Key, setAside is null ? "missing" : "damaged", reason, lost.Messages, lost.FirstSeq, lost.LastSeq,
            setAside ?? "(nowhere: the object is gone)");
        metrics.FileDamaged();
        lock (day)
        {
            day.Manifest.Files.Remove(lost);
            (day.Manifest.Damaged ??= []).Add(damage);
            day.Changed = true;
        }
    }

    /// <summary>Where a damaged copy of <paramref name="target"/>'s file is kept: <c>{key}.damaged-{first 16 hex digits of its SHA-256}</c>.</summary>
    private static string SetAsideKey(FlushTarget target, string sha256) => $"{target.Key}.damaged-{sha256[..16]}";

    /// <summary>Reads <paramref name="from"/> to its end into <paramref name="hash"/>, and into <paramref name="to"/> if given.</summary>
    private static async Task CopyHashingAsync(Stream from, Stream? to, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                if (to is not null)
                    await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task CompressAsync(FlushTarget target, List<JournalEntry> entries, int from, List<SafeFileHandle> handles, Stream output, CancellationToken cancellationToken)
    {
        var record = ArrayPool<byte>.Shared.Rent(64 << 10);
        var lines = new ArrayBufferWriter<byte>(LineBufferFlush + (64 << 10));
        try
        {
            var zstd = new CompressionStream(output, options.CompressionLevel, leaveOpen: true);
            await using (zstd.ConfigureAwait(false))
            {
                for (var i = from; i < entries.Count; i++)
                {
                    var entry = entries[i];
                    if (record.Length < entry.Length)
                    {
                        ArrayPool<byte>.Shared.Return(record);
                        record = ArrayPool<byte>.Shared.Rent(entry.Length);
                    }

                    var (subjectLength, payload, receiveNs, sequence, _, rejection) = JournalSegmentReader.ReadAt(handles[entry.Segment], entry.Offset, entry.Length, record);
                    var data = record.AsSpan(payload);
                    if (target.IsRejected)
                    {
                        var subject = Encoding.UTF8.GetString(record, JournalRecord.HeaderLength + JournalRecord.BodyHeadLength, subjectLength);
                        WriteRejected(lines, sequence, receiveNs, subject, rejection == Rejection.None ? Rejection.UnsafeName : rejection, data);
                    }
                    else if (target.TypeJson is { } type)
                    {
                        RawArchiveFormat.WriteLine(lines, receiveNs / 1_000_000, type, data);
                    }
                    else
                    {
                        lines.Write(data);
                    }

                    if (lines.WrittenCount >= LineBufferFlush)
                    {
                        await zstd.WriteAsync(lines.WrittenMemory, cancellationToken).ConfigureAwait(false);
                        lines.ResetWrittenCount();
                    }
                }

                await zstd.WriteAsync(lines.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(record);
        }
    }

    private static void WriteRejected(ArrayBufferWriter<byte> lines, ulong sequence, long receiveNs, string subject, Rejection rejection, ReadOnlySpan<byte> data)
    {
        using (var json = new Utf8JsonWriter(lines))
        {
            json.WriteStartObject();
            json.WriteNumber("seq"u8, sequence);
            json.WriteNumber("ts"u8, receiveNs / 1_000_000);
            json.WriteString("subject"u8, subject);
            json.WriteString("reason"u8, RejectionNames.Of(rejection));
            json.WriteBase64String("data_base64"u8, data);
            json.WriteEndObject();
        }

        lines.Write("\n"u8);
    }

    /// <summary>The time a manifest records for a message: the receive time in Unix ms (a normalized message's own receiveTime).</summary>
    private static long TimeOf(FlushTarget target, JournalEntry entry, List<SafeFileHandle> handles)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(entry.Length);
        try
        {
            var (_, payload, receiveNs, _, _, _) = JournalSegmentReader.ReadAt(handles[entry.Segment], entry.Offset, entry.Length, buffer);
            if (target.NormalizedKind is { } kind)
                return NormalizedArchiveFormat.ReceiveTime(kind, MessageReader.Read(buffer.AsMemory(payload))) / 1_000_000;
            return receiveNs / 1_000_000;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A day's manifest while a flush changes it.</summary>
    private sealed class DayManifest(ArchiveManifest manifest)
    {
        public ArchiveManifest Manifest => manifest;

        public List<ulong> Sequences { get; } = [];

        public string? Stream { get; set; }

        public bool Changed { get; set; }

        /// <summary>Serializes the day's mid-flush manifest writes (<see cref="RecordDamageAsync"/>).</summary>
        public SemaphoreSlim Storing { get; } = new(1, 1);
    }
}
