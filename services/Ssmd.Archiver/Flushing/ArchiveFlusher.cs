using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Ssmd.Archiver.Consuming;
using Ssmd.Archiver.Internal;
using Ssmd.Archiver.Journal;
using Ssmd.Archiver.Parts;
using Ssmd.Storage;

namespace Ssmd.Archiver.Flushing;

/// <summary>
/// Moves journaled messages into the final layout. Per source it files the messages up to the
/// consumer's ack floor <c>W</c> (every message up to it is acknowledged, so journaled) and after the
/// last flushed sequence <c>P</c>; later ones stay journaled. Each file's messages are sorted by stream
/// sequence and deduplicated, appended to the file (the old compressed bytes are kept and a new zstd
/// frame follows), and put atomically; manifests go after their files; then <c>P := W</c>; then the
/// journal drops what was filed. <c>W</c> is recorded before the first write, so a flush cut by a crash
/// is repeated with the same bound. A file whose object is not the one its manifest entry describes (a
/// flush cut after replacing it, repeated or not: Stored mode may have lost the record of it with the work
/// directory) is recognised by its message count against the manifest and not appended to twice. Stored
/// mode's parts of a source (ArchiveParts) are removed last, once <c>P</c> covers them.
/// </summary>
internal sealed partial class ArchiveFlusher(
    IReadOnlyList<ArchiveJournal> journals,
    IObjectStore store,
    ArchiveLayout layout,
    ArchiveParts parts,
    INatsConnection nats,
    INatsJSContext jetStream,
    ArchiverOptions options,
    ArchiverMetrics metrics,
    ArchiverHealth health,
    TimeProvider time,
    ILogger<ArchiveFlusher> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _scratch = Path.Combine(Path.GetFullPath(options.WorkDirectory), "flush");

    /// <summary>When the last flush finished (successfully).</summary>
    public DateTimeOffset LastFlush { get; private set; } = time.GetUtcNow();

    /// <summary>Messages journaled and not yet flushed, all sources.</summary>
    public long Pending => journals.Sum(j => j.Pending);

    /// <summary>
    /// Some source's journal is new and its parts are not all restored yet (start-up restores them one source
    /// after another). No flush runs meanwhile: it would file up to an ack floor that covers acknowledged
    /// messages the journal lacks, and remove the parts holding them.
    /// </summary>
    public bool Restoring => journals.Any(j => j.IsNew);

    /// <summary>Flushes everything the ack floors allow; one flush at a time.</summary>
    /// <exception cref="ObjectStoreException">Storage failed; the journal still holds everything.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Restoring"/>: nothing was done.</exception>
    public async Task<FlushResult> FlushAsync(string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await FlushOnceAsync(reason, watch, cancellationToken).ConfigureAwait(false);
            metrics.Flushed(watch.Elapsed);
            health.FlushOk();
            LastFlush = time.GetUtcNow();
            ArchiverLog.Flushed(logger, reason, result.Files, result.Messages, watch.Elapsed, result.Carried);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.FlushFailed();
            health.FlushFailed(e.Message);
            ArchiverLog.FlushFailed(logger, reason, e);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<FlushResult> FlushOnceAsync(string reason, Stopwatch watch, CancellationToken cancellationToken)
    {
        // The scheduler waits for the restore; this also stops the shutdown flush of a start-up that failed mid-restore.
        if (Restoring)
        {
            throw new InvalidOperationException(
                $"The parts of {string.Join(", ", journals.Where(j => j.IsNew).Select(j => j.Source.Consumer))} are not all restored from storage: nothing is flushed before they are.");
        }

        Directory.CreateDirectory(_scratch);
        await store.EnsureBucketAsync(layout.Raw.Bucket, cancellationToken).ConfigureAwait(false);
        await store.EnsureBucketAsync(layout.Normalized.Bucket, cancellationToken).ConfigureAwait(false);

        // Acks travel ahead of this ping on the same connection: once it returns, the server has them.
        var natsUp = true;
        try
        {
            await nats.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            natsUp = false;
        }

        var plans = new List<SourcePlan>();
        foreach (var journal in journals)
        {
            var flushed = journal.State.FlushedThrough;
            var redo = journal.State.FlushingThrough is not null;
            ulong through;
            if (redo)
            {
                through = journal.State.FlushingThrough!.Value;
                ArchiverLog.CompletingFlush(logger, journal.Source.Token, through);
            }
            else
            {
                through = natsUp ? Math.Max(flushed, await AckFloorAsync(journal.Source, flushed, cancellationToken).ConfigureAwait(false)) : flushed;
            }

            var (segments, pending) = await journal.RotateAsync(cancellationToken).ConfigureAwait(false);
            plans.Add(new SourcePlan(journal, flushed, through, segments, pending));
        }

        var index = new FlushIndex(layout, metrics);
        var handles = new List<SafeFileHandle>();
        try
        {
            long carried = 0;
            foreach (var plan in plans)
                carried += Index(plan, index, handles);
            foreach (var plan in plans.Where(p => p.Through > p.Flushed && p.Journal.State.FlushingThrough is null))
            {
                plan.Journal.State.FlushingThrough = plan.Through;
                plan.Journal.SaveState();
            }

            var written = await WriteTargetsAsync(index, handles, cancellationToken).ConfigureAwait(false);

            foreach (var plan in plans.Where(p => p.Journal.State.FlushingThrough is not null))
            {
                plan.Journal.State.FlushedThrough = plan.Through;
                plan.Journal.State.FlushingThrough = null;
                plan.Journal.SaveState();
            }

            foreach (var plan in plans)
                await plan.Journal.CompactAsync(plan.Segments, plan.PendingAtRotation, plan.Carry, plan.CarryCount, cancellationToken).ConfigureAwait(false);

            // Last, once the files, manifests and state are written: parts whose messages are all filed go.
            // A crash or a storage failure here leaves them for the next flush (restored meanwhile, they are
            // duplicates the journal skips); the flush itself has succeeded. Journal mode stores no parts but
            // still removes those left by an earlier run in Stored mode.
            foreach (var plan in plans)
            {
                try
                {
                    var removed = await parts.RemoveFlushedAsync(plan.Journal.Source, plan.Journal.State.FlushedThrough, cancellationToken).ConfigureAwait(false);
                    if (removed > 0)
                        ArchiverLog.PartsRemoved(logger, removed, plan.Journal.Source.Consumer);
                }
                catch (Exception e) when (e is ObjectStoreException or IOException or UnauthorizedAccessException)
                {
                    ArchiverLog.PartsNotRemoved(logger, plan.Journal.Source.Consumer, e);
                }
            }
            return new FlushResult(reason, written.Files, written.Messages, carried, written.Days, watch.ElapsedMilliseconds);
        }
        finally
        {
            foreach (var handle in handles)
                handle.Dispose();
            foreach (var plan in plans)
            {
                if (plan.Carry is { } carry)
                    await carry.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads a source's closed segments: records in (P, W] into the index, later ones into the carry file, earlier ones dropped.</summary>
    private long Index(SourcePlan plan, FlushIndex index, List<SafeFileHandle> handles)
    {
        foreach (var segment in plan.Segments)
        {
            var segmentIndex = handles.Count;
            handles.Add(File.OpenHandle(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            using var reader = new JournalSegmentReader(segment);
            while (reader.Read())
            {
                if (reader.Sequence <= plan.Flushed)
                    continue;
                if (reader.Sequence > plan.Through)
                {
                    plan.Carry ??= plan.Journal.CreateCarry();
                    reader.CopyCurrentTo(plan.Carry);
                    plan.CarryCount++;
                    continue;
                }

                index.Add(plan, reader, segmentIndex);
            }

            if (reader.Torn)
                ArchiverLog.TornSegment(logger, segment, reader.Offset);
        }

        return plan.CarryCount;
    }

    private async Task<ulong> AckFloorAsync(ArchiveSource source, ulong fallback, CancellationToken cancellationToken)
    {
        try
        {
            var consumer = await jetStream.GetConsumerAsync(source.Stream, source.Consumer, cancellationToken).ConfigureAwait(false);
            return consumer.Info.AckFloor?.StreamSeq ?? fallback;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return fallback;
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            // Without the floor nothing of this source is filed this time; it stays journaled.
            return fallback;
        }
    }

    /// <summary>One source in one flush.</summary>
    internal sealed class SourcePlan(ArchiveJournal journal, ulong flushed, ulong through, IReadOnlyList<string> segments, long pendingAtRotation)
    {
        public ArchiveJournal Journal => journal;

        public ulong Flushed => flushed;

        public ulong Through => through;

        public IReadOnlyList<string> Segments => segments;

        public long PendingAtRotation => pendingAtRotation;

        public FileStream? Carry { get; set; }

        public int CarryCount { get; set; }
    }
}
