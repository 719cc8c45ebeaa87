using Ssmd.Archiver.Internal;
using Ssmd.Archiver.Journal;
using Ssmd.Storage;
using Ssmd.Streams;

namespace Ssmd.Archiver.Flushing;

/// <summary>
/// The records one flush files, by target: a <see cref="JournalEntry"/> (40 bytes) per record and one
/// <see cref="FlushTarget"/> per file. Bounded by <see cref="ArchiverOptions.MaxPendingMessages"/>.
/// </summary>
internal sealed class FlushIndex(ArchiveLayout layout, ArchiverMetrics metrics)
{
    private const long NanosecondsPerHour = 3_600_000_000_000;
    private readonly Dictionary<(string Subject, long Hour, Rejection Rejection, string Source), int> _bySubject = [];
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);

    public List<FlushTarget> Targets { get; } = [];

    public List<JournalEntry> Entries { get; } = [];

    public void Add(ArchiveFlusher.SourcePlan plan, JournalSegmentReader record, int segment)
    {
        var source = plan.Journal.Source;
        var hour = Math.DivRem(record.ReceiveNs, NanosecondsPerHour, out var rest) - (rest < 0 ? 1 : 0);
        if (!_bySubject.TryGetValue((record.Subject, hour, record.Rejection, source.Token), out var target))
        {
            target = Resolve(plan, record.Subject, record.ReceiveNs, record.Rejection);
            _bySubject[(record.Subject, hour, record.Rejection, source.Token)] = target;
        }

        Entries.Add(new JournalEntry(record.Sequence, target, segment, record.Offset, record.Length));
    }

    private int Resolve(ArchiveFlusher.SourcePlan plan, string subject, long receiveNs, Rejection rejection)
    {
        var source = plan.Journal.Source;
        var day = ArchiveLayout.DayOf(receiveNs);
        FlushTarget? target = null;
        if (rejection == Rejection.None)
        {
            if (source.Kind is null)
            {
                if (SsmdSubjects.TryParseRaw(subject, out _, out var type) && ArchiveLayout.IsSafeSegment(type))
                {
                    target = new FlushTarget(0, source, ArchiveKind.Raw, day, layout.RawKey(day, type, ArchiveLayout.HourOf(receiveNs)), ArchiveFiles.RawKind, type)
                    {
                        TypeJson = RawArchiveFormat.EncodeType(type),
                    };
                }
            }
            else if (SsmdSubjects.TryParseNormalized(subject, out _, out var kind, out var ticker) && kind == source.Kind && ArchiveLayout.IsSafeSegment(ticker))
            {
                target = new FlushTarget(0, source, ArchiveKind.Normalized, day, layout.NormalizedKey(kind, day, ticker), source.Token, ticker)
                {
                    NormalizedKind = kind,
                };
            }

            if (target is null)
                metrics.Rejected(source, Rejection.UnsafeName);
        }

        target ??= new FlushTarget(0, source, source.Archive, day, layout.RejectedKey(source.Archive, day, source.Token), ArchiveFiles.RejectedKind, source.Token);
        if (_byKey.TryGetValue(target.Key, out var id))
            return id;
        id = Targets.Count;
        Targets.Add(target with { Id = id });
        _byKey[target.Key] = id;
        return id;
    }
}
