namespace Ssmd.Archiver.Internal;

/// <summary>The archiver's log messages (event ids 2000–2099).</summary>
internal static partial class ArchiverLog
{
    [LoggerMessage(2000, LogLevel.Information, "Archiving {Filter} of stream {Stream} with durable consumer {Consumer} into {Store}, acknowledging once {AckMode}")]
    public static partial void Consuming(ILogger logger, string filter, string stream, string consumer, string store, ArchiverAckMode ackMode);

    [LoggerMessage(2001, LogLevel.Warning, "Consumer {Consumer} failed; retrying in {Delay}")]
    public static partial void ConsumerFailed(ILogger logger, string consumer, TimeSpan delay, Exception exception);

    [LoggerMessage(2002, LogLevel.Warning, "Rejected message {Sequence} on '{Subject}' ({Reason}): filed in the day's rejected file. Further '{Reason}' rejections of {Source} are counted, not logged")]
    public static partial void Rejected(ILogger logger, ulong sequence, string subject, string reason, string source);

    [LoggerMessage(2003, LogLevel.Warning, "Message {Sequence} on '{Subject}' has no usable Ssmd-Receive-Time header: filed by the time JetStream stored it. Further ones of {Source} are counted, not logged")]
    public static partial void NoReceiveTime(ILogger logger, ulong sequence, string subject, string source);

    [LoggerMessage(2010, LogLevel.Information, "Flush ({Reason}) wrote {Files} files with {Messages} messages in {Elapsed}; {Carried} messages stay journaled for the next flush")]
    public static partial void Flushed(ILogger logger, string reason, int files, long messages, TimeSpan elapsed, long carried);

    [LoggerMessage(2011, LogLevel.Error, "Flush ({Reason}) failed; the journal keeps every message and the next flush retries")]
    public static partial void FlushFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(2012, LogLevel.Warning, "Completing an interrupted flush of {Source} through sequence {Through}")]
    public static partial void CompletingFlush(ILogger logger, string source, ulong through);

    [LoggerMessage(2013, LogLevel.Warning, "{Key} holds {Found} messages where the manifest lists {Listed}: {Skip} were written by an interrupted flush and are not written again")]
    public static partial void Reconciled(ILogger logger, string key, long found, long listed, long skip);

    [LoggerMessage(2014, LogLevel.Error, "{Key} holds {Found} messages, more than the {Listed} its manifest entry lists and the {New} new ones together: none is appended, and verify will report the count")]
    public static partial void Inconsistent(ILogger logger, string key, long found, long listed, int @new);

    [LoggerMessage(2015, LogLevel.Warning, "Journal segment {Segment} ends in a torn record at offset {Offset} (a crash while writing; those messages were never acknowledged)")]
    public static partial void TornSegment(ILogger logger, string segment, long offset);

    [LoggerMessage(2018, LogLevel.Warning, "{Key} was left unreadable by a flush cut short ({Reason}); the manifest lists none of it, so it is written again from the journal, which holds every message it had")]
    public static partial void UnreadableLeftover(ILogger logger, string key, string reason);

    [LoggerMessage(2019, LogLevel.Error, "Data loss: {Key} is {State} ({Reason}). The {Messages} messages its manifest entry lists (sequences {FirstSequence}..{LastSequence}) are no longer in the archive files; its bytes are kept at {SetAside}. The file starts again with the new messages, the manifest records the loss and 'ssmd data verify' reports it")]
    public static partial void FileDamaged(ILogger logger, string key, string state, string reason, long messages, ulong firstSequence, ulong lastSequence, string setAside);

    [LoggerMessage(2016, LogLevel.Information, "Removed {Parts} parts of {Consumer}: the archive files hold their messages")]
    public static partial void PartsRemoved(ILogger logger, int parts, string consumer);

    [LoggerMessage(2017, LogLevel.Warning, "Parts of {Consumer} already filed could not be removed from storage; the flush stands and the next one removes them")]
    public static partial void PartsNotRemoved(ILogger logger, string consumer, Exception exception);

    [LoggerMessage(2020, LogLevel.Information, "Stopping: flushing everything journaled")]
    public static partial void FinalFlush(ILogger logger);

    [LoggerMessage(2030, LogLevel.Warning, "Storage is unavailable: a part of {Consumer} cannot be stored, so its {Held} messages stay unacknowledged (JetStream keeps them) and nothing more is fetched; retrying until storage is back")]
    public static partial void StorageUnavailable(ILogger logger, string consumer, int held, Exception exception);

    [LoggerMessage(2031, LogLevel.Information, "Storage is back after {Outage}: part {Key} stored and its {Held} messages of {Consumer} acknowledged")]
    public static partial void StorageBack(ILogger logger, TimeSpan outage, string key, int held, string consumer);

    [LoggerMessage(2032, LogLevel.Warning, "Stopping: the last part of {Consumer} could not be stored; its {Held} messages stay unacknowledged and come again after a restart")]
    public static partial void LastPartNotStored(ILogger logger, string consumer, int held, Exception exception);

    [LoggerMessage(2033, LogLevel.Warning, "The journal of {Consumer} is new: restored {Parts} parts ({Bytes} bytes) of acknowledged messages from storage")]
    public static partial void PartsRestored(ILogger logger, string consumer, int parts, long bytes);

    [LoggerMessage(2034, LogLevel.Error, "Consumer {Consumer}: stored part {Key} ends in a torn record; its {Records} whole records were restored, whatever followed the tear is LOST from the archive (it was acknowledged) — compare with the raw stream or the exchange")]
    public static partial void PartTorn(ILogger logger, string consumer, string key, long records);

    [LoggerMessage(2035, LogLevel.Error, "Stream {Stream} ends at sequence {LastSequence}, before what consumer {Consumer} already filed ({FlushedThrough}): it was recreated or purged, and its messages up to {FlushedThrough} would be dropped as already archived. See the archiver README, \"A recreated stream\"")]
    public static partial void StreamBehindJournal(ILogger logger, string stream, ulong lastSequence, string consumer, ulong flushedThrough);
}
