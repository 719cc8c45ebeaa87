using System.Globalization;
using Ssmd.Archiver.Consuming;

namespace Ssmd.Archiver.Journal;

/// <summary>
/// The journal of one source: append-only segment files in <c>{WorkDirectory}/{source}/</c>. A batch of
/// records is written and fsynced before its messages are acknowledged; a flush rotates the current
/// segment out, files what is in the closed segments, and rewrites what it could not file yet (messages
/// past the consumer's ack floor) into a new segment before deleting the closed ones.
/// </summary>
internal sealed class ArchiveJournal : IDisposable
{
    private const string Extension = ".jnl";
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly string _statePath;
    private FileStream? _current;
    private int _nextSegment;
    private long _pending;

    // Read by the flush scheduler's thread while start-up restores.
    private volatile bool _isNew;

    public ArchiveJournal(ArchiveSource source, string workDirectory)
    {
        Source = source;
        Folder = Path.Combine(Path.GetFullPath(workDirectory), source.Token);
        Directory.CreateDirectory(Folder);
        _statePath = Path.Combine(Folder, "state.json");
        // The state file is the restore's completion mark (MarkStarted): segments without it are a restore cut short.
        IsNew = !File.Exists(_statePath);
        State = JournalState.Load(_statePath);
        foreach (var segment in Segments())
        {
            _nextSegment = Math.Max(_nextSegment, Number(segment) + 1);
            using var reader = new JournalSegmentReader(segment);
            while (reader.Read())
            {
                if (reader.Sequence > State.FlushedThrough)
                    _pending++;
            }
        }
    }

    public ArchiveSource Source { get; }

    public string Folder { get; }

    public JournalState State { get; }

    /// <summary>
    /// True until the journal is marked started, which a new journal is only once every part is restored into
    /// it: a first start, a lost work directory, or a restore cut short (segments but no state file). Stored
    /// mode's parts in storage may then hold acknowledged messages the journal lacks.
    /// </summary>
    public bool IsNew
    {
        get => _isNew;
        private set => _isNew = value;
    }

    /// <summary>Records journaled and not yet flushed (duplicates included).</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Appends a batch of records (already encoded) and makes it durable.</summary>
    public async Task AppendAsync(ReadOnlyMemory<byte> records, int count, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _current ??= new FileStream(SegmentPath(_nextSegment++), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
            _current.Write(records.Span);
            // The durability point: only after this returns are the messages acknowledged.
            _current.Flush(flushToDisk: true);
            Interlocked.Add(ref _pending, count);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Closes the current segment (appends go to a new one) and returns every closed segment, oldest
    /// first, with <see cref="Pending"/> at that moment (what the closed segments hold).
    /// </summary>
    public async Task<(IReadOnlyList<string> Segments, long Pending)> RotateAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is not null)
            {
                await _current.DisposeAsync().ConfigureAwait(false);
                _current = null;
            }

            return (Segments(), Pending);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Adds a part restored from storage (journal records) as a segment of its own, made durable before it
    /// is renamed into place. Records the journal already holds become duplicates, which flushes drop.
    /// </summary>
    /// <returns>The records it holds past <see cref="JournalState.FlushedThrough"/>, its size, and whether it ends in a torn record (what follows the tear is not in it).</returns>
    public async Task<JournalImport> ImportAsync(Stream records, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var temp = Path.Combine(Folder, "import.tmp");
            var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            await using (file.ConfigureAwait(false))
            {
                await records.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            long count = 0;
            bool torn;
            using (var reader = new JournalSegmentReader(temp))
            {
                while (reader.Read())
                {
                    if (reader.Sequence > State.FlushedThrough)
                        count++;
                }

                torn = reader.Torn;
            }

            var bytes = new FileInfo(temp).Length;
            File.Move(temp, SegmentPath(_nextSegment++));
            Interlocked.Add(ref _pending, count);
            return new JournalImport(count, bytes, torn);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Marks the journal as started (its state file exists from now on), so a restart does not take it for new.
    /// Only after every part is restored: until then a restart restores them again.
    /// </summary>
    public void MarkStarted()
    {
        if (!IsNew)
            return;
        SaveState();
        IsNew = false;
    }

    /// <summary>Persists <see cref="State"/> (fsync, then rename).</summary>
    public void SaveState() => State.Save(_statePath);

    /// <summary>A file for the records a flush carries over (not a segment until <see cref="CompactAsync"/> renames it).</summary>
    public FileStream CreateCarry() => new(Path.Combine(Folder, "carry.tmp"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);

    /// <summary>
    /// Replaces <paramref name="closed"/> by the carry file (records that stay for a later flush), made
    /// durable and renamed into a segment before the old ones go: a crash in between leaves duplicates,
    /// which flushes drop by sequence.
    /// </summary>
    public async Task CompactAsync(IReadOnlyList<string> closed, long pendingAtRotation, FileStream? carry, int carryCount, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (carry is not null)
            {
                carry.Flush(flushToDisk: true);
                var path = carry.Name;
                await carry.DisposeAsync().ConfigureAwait(false);
                if (carryCount > 0)
                    File.Move(path, SegmentPath(_nextSegment++));
                else
                    File.Delete(path);
            }

            foreach (var segment in closed)
                File.Delete(segment);
            Interlocked.Add(ref _pending, carryCount - pendingAtRotation);
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose()
    {
        _current?.Dispose();
        _lock.Dispose();
    }

    private List<string> Segments() =>
        [.. Directory.EnumerateFiles(Folder, "*" + Extension).Where(p => _current is null || p != _current.Name).OrderBy(Number)];

    private string SegmentPath(int number) => Path.Combine(Folder, number.ToString("D10", CultureInfo.InvariantCulture) + Extension);

    private static int Number(string path) => int.Parse(Path.GetFileNameWithoutExtension(path), CultureInfo.InvariantCulture);
}

/// <summary>What <see cref="ArchiveJournal.ImportAsync"/> took in.</summary>
/// <param name="Records">Records past what was already flushed.</param>
/// <param name="Bytes">Size of what was imported.</param>
/// <param name="Torn">It ends in a torn record: whatever followed the tear is not in the journal.</param>
internal readonly record struct JournalImport(long Records, long Bytes, bool Torn);
