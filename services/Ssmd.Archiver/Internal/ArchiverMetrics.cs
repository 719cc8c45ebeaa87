using System.Diagnostics.Metrics;
using Ssmd.Archiver.Consuming;
using Ssmd.Archiver.Journal;

namespace Ssmd.Archiver.Internal;

/// <summary>
/// The archiver's instruments (meter <c>Ssmd.Archiver</c>); every series exists from start-up so
/// "rate is zero" alerts can fire. Prometheus names: <c>ssmd_archiver_bytes_written_total{bucket}</c>,
/// <c>ssmd_archiver_files_written_total</c>, <c>ssmd_archiver_messages_journaled_total{source}</c>,
/// <c>ssmd_archiver_messages_rejected_total{source,reason}</c>, <c>ssmd_archiver_missing_receive_time_total{source}</c>,
/// <c>ssmd_archiver_parts_stored_total{source}</c>, <c>ssmd_archiver_part_bytes_stored_total{source}</c>,
/// <c>ssmd_archiver_part_store_failures_total{source}</c>, <c>ssmd_archiver_held_messages{source}</c> (Stored mode), <c>ssmd_archiver_pending_messages{source}</c>, <c>ssmd_archiver_consumer_lag{source}</c> (messages the
/// consumer has not received yet), <c>ssmd_archiver_flush_duration_seconds</c>, <c>ssmd_archiver_flush_failures_total</c>,
/// <c>ssmd_archiver_files_damaged_total</c> (listed files found damaged or missing: their messages are lost from the files).
/// </summary>
internal sealed class ArchiverMetrics : IDisposable
{
    public const string MeterName = "Ssmd.Archiver";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _bytesWritten;
    private readonly Counter<long> _filesWritten;
    private readonly Counter<long> _journaled;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _missingTime;
    private readonly Counter<long> _flushFailures;
    private readonly Counter<long> _filesDamaged;
    private readonly Counter<long> _partsStored;
    private readonly Counter<long> _partBytes;
    private readonly Counter<long> _partFailures;
    private readonly Histogram<double> _flushDuration;
    private readonly Dictionary<string, long> _lag = [];
    private readonly Dictionary<string, long> _held = [];

    public ArchiverMetrics(IEnumerable<ArchiveJournal> journals, Storage.ArchiveLayout layout)
    {
        var all = journals.ToList();
        _bytesWritten = _meter.CreateCounter<long>("ssmd.archiver.bytes_written", description: "Bytes of archive files and manifests written, by bucket.");
        _filesWritten = _meter.CreateCounter<long>("ssmd.archiver.files_written", description: "Archive files (and manifests) written.");
        _journaled = _meter.CreateCounter<long>("ssmd.archiver.messages_journaled", description: "Messages made durable in the journal (Journal mode: then acknowledged), by source.");
        _rejected = _meter.CreateCounter<long>("ssmd.archiver.messages_rejected", description: "Messages filed in a rejected file, by source and reason.");
        _missingTime = _meter.CreateCounter<long>("ssmd.archiver.missing_receive_time", description: "Messages without a usable Ssmd-Receive-Time header, by source.");
        _flushFailures = _meter.CreateCounter<long>("ssmd.archiver.flush_failures", description: "Flushes that failed (the journal kept everything).");
        _filesDamaged = _meter.CreateCounter<long>("ssmd.archiver.files_damaged", description: "Listed archive files a flush found damaged or missing and started again (the messages they listed are lost from the files; the manifest records them).");
        _partsStored = _meter.CreateCounter<long>("ssmd.archiver.parts_stored", description: "Parts stored in object storage (Stored mode: their messages are then acknowledged), by source.");
        _partBytes = _meter.CreateCounter<long>("ssmd.archiver.part_bytes_stored", description: "Bytes of parts stored, by source.");
        _partFailures = _meter.CreateCounter<long>("ssmd.archiver.part_store_failures", description: "Attempts to store a part that failed (storage unavailable), by source.");
        _flushDuration = _meter.CreateHistogram<double>("ssmd.archiver.flush_duration", unit: "s", description: "How long a flush took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300] });
        _meter.CreateObservableGauge("ssmd.archiver.pending_messages",
            () => all.Select(j => new Measurement<long>(j.Pending, new KeyValuePair<string, object?>("source", j.Source.Token))),
            description: "Messages journaled and not yet in the archive files, by source.");
        _meter.CreateObservableGauge("ssmd.archiver.held_messages", () => Observe(_held),
            description: "Stored mode: messages journaled and waiting for their part to be stored, unacknowledged meanwhile, by source (grows during a storage outage).");
        _meter.CreateObservableGauge("ssmd.archiver.consumer_lag", () => Observe(_lag), description: "Messages of the stream the consumer has not received yet, by source.");

        foreach (var bucket in new[] { layout.Raw.Bucket, layout.Normalized.Bucket }.Distinct())
            _bytesWritten.Add(0, new KeyValuePair<string, object?>("bucket", bucket));
        _filesWritten.Add(0);
        _flushFailures.Add(0);
        _filesDamaged.Add(0);
        foreach (var journal in all)
        {
            var source = new KeyValuePair<string, object?>("source", journal.Source.Token);
            _journaled.Add(0, source);
            _missingTime.Add(0, source);
            _partsStored.Add(0, source);
            _partBytes.Add(0, source);
            _partFailures.Add(0, source);
            foreach (var reason in Enum.GetValues<Rejection>().Where(r => r != Rejection.None))
                _rejected.Add(0, source, new KeyValuePair<string, object?>("reason", RejectionNames.Of(reason)));
            lock (_lag)
                _lag[journal.Source.Token] = 0;
            lock (_held)
                _held[journal.Source.Token] = 0;
        }
    }

    public void Written(string bucket, long bytes)
    {
        _bytesWritten.Add(bytes, new KeyValuePair<string, object?>("bucket", bucket));
        _filesWritten.Add(1);
    }

    public void Journaled(ArchiveSource source, int count) => _journaled.Add(count, new KeyValuePair<string, object?>("source", source.Token));

    public void PartStored(ArchiveSource source, long bytes)
    {
        var tag = new KeyValuePair<string, object?>("source", source.Token);
        _partsStored.Add(1, tag);
        _partBytes.Add(bytes, tag);
    }

    public void PartFailed(ArchiveSource source) => _partFailures.Add(1, new KeyValuePair<string, object?>("source", source.Token));

    public void Rejected(ArchiveSource source, Rejection reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("source", source.Token), new KeyValuePair<string, object?>("reason", RejectionNames.Of(reason)));

    public void MissingReceiveTime(ArchiveSource source) => _missingTime.Add(1, new KeyValuePair<string, object?>("source", source.Token));

    public void SetLag(ArchiveSource source, long messages)
    {
        lock (_lag)
            _lag[source.Token] = messages;
    }

    public void SetHeld(ArchiveSource source, long messages)
    {
        lock (_held)
            _held[source.Token] = messages;
    }

    public void Flushed(TimeSpan elapsed) => _flushDuration.Record(elapsed.TotalSeconds);

    public void FlushFailed() => _flushFailures.Add(1);

    public void FileDamaged() => _filesDamaged.Add(1);

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Observe(Dictionary<string, long> values)
    {
        lock (values)
            return [.. values.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>("source", pair.Key)))];
    }
}
