using System.Buffers;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Archiver.Internal;
using Ssmd.Archiver.Journal;
using Ssmd.Archiver.Parts;
using Ssmd.Streams;

namespace Ssmd.Archiver.Consuming;

/// <summary>
/// One durable pull consumer: fetches a batch, writes it to the source's journal and fsyncs it. In
/// <see cref="ArchiverAckMode.Journal"/> mode it then acknowledges the batch; in <see cref="ArchiverAckMode.Stored"/>
/// mode the batch joins the pending part and is acknowledged once that part is in object storage
/// (ArchiveConsumer.Parts.cs). A message is never acknowledged before it is durable, and one journaled
/// but not acknowledged (a crash in between) comes again and is dropped by sequence at the flush.
/// </summary>
internal sealed partial class ArchiveConsumer(
    ArchiveSource source,
    ArchiveJournal journal,
    INatsJSContext jetStream,
    ArchiverOptions options,
    ArchiverAckMode ackMode,
    ArchiveParts parts,
    ArchiverMetrics metrics,
    ArchiverHealth health,
    TimeProvider time,
    ILogger logger)
{
    private readonly MessageClassifier _classifier = new(source);
    private readonly HashSet<Rejection> _loggedRejections = [];
    private bool _loggedMissingTime;
    private INatsJSConsumer? _consumer;

    public ArchiveSource Source => source;

    /// <summary>Checks the filter against the stream and creates or updates the durable consumer.</summary>
    /// <exception cref="SsmdStreamException">The stream does not carry the filter: the archiver must not run.</exception>
    public async Task StartAsync(string store, CancellationToken cancellationToken)
    {
        var stream = await SsmdStreams.RequireFilterAsync(jetStream, source.Stream, source.Filter, cancellationToken).ConfigureAwait(false);
        if (journal.State.FlushedThrough > stream.State.LastSeq)
        {
            // The stream ends before what was already filed: it was recreated (a lost NATS volume) or purged, and
            // its sequences start again. Messages up to the old mark would be dropped at the flush as filed, so
            // this is said loudly and kept on /health; the operator decides (README "A recreated stream").
            ArchiverLog.StreamBehindJournal(logger, source.Stream, stream.State.LastSeq, source.Consumer, journal.State.FlushedThrough);
            health.StreamRecreated(source.Token,
                $"stream {source.Stream} ends at {stream.State.LastSeq}, before the {journal.State.FlushedThrough} already filed: recreated or purged; its messages up to {journal.State.FlushedThrough} would not be archived");
        }

        _consumer = await jetStream.CreateOrUpdateConsumerAsync(source.Stream, Config(), cancellationToken).ConfigureAwait(false);
        ArchiverLog.Consuming(logger, source.Filter, source.Stream, source.Consumer, store, ackMode);
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (ackMode == ArchiverAckMode.Stored)
        {
            using var keepAlive = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var keeping = KeepInProgressAsync(keepAlive.Token);
            try
            {
                await ConsumeAsync(stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                await keepAlive.CancelAsync().ConfigureAwait(false);
                await keeping.ConfigureAwait(false);
                await StoreLastPartAsync().ConfigureAwait(false);
            }
        }
        else
        {
            await ConsumeAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        var records = new ArrayBufferWriter<byte>(1 << 20);
        var batch = new List<INatsJSMsg<NatsMemoryOwner<byte>>>(options.FetchBatch);
        var fetch = new NatsJSFetchOpts { MaxMsgs = options.FetchBatch, Expires = options.FetchWait };
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _consumer ??= await jetStream.CreateOrUpdateConsumerAsync(source.Stream, Config(), stoppingToken).ConfigureAwait(false);
                try
                {
                    await foreach (var message in _consumer.FetchAsync<NatsMemoryOwner<byte>>(fetch, cancellationToken: stoppingToken).ConfigureAwait(false))
                    {
                        Encode(message, records);
                        batch.Add(message);
                    }
                }
                finally
                {
                    // Whatever arrived is journaled and acknowledged, even when stopping or when the pull broke off.
                    await CommitAsync(records, batch).ConfigureAwait(false);
                }

                failures = 0;
                health.ConsumerOk(source.Token);
                if (ackMode == ArchiverAckMode.Stored && PartDue())
                    await StorePartAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NatsException or TimeoutException or IOException)
            {
                // NATS away, consumer deleted, or the journal disk failing: nothing unjournaled was acknowledged.
                var delay = Backoff.After(failures++, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
                health.ConsumerFailed(source.Token, e.Message);
                ArchiverLog.ConsumerFailed(logger, source.Consumer, delay, e);
                _consumer = null;
                try
                {
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Encode(INatsJSMsg<NatsMemoryOwner<byte>> message, ArrayBufferWriter<byte> records)
    {
        using var data = message.Data;
        var metadata = message.Metadata;
        var sequence = metadata?.Sequence.Stream ?? 0;
        var flags = JournalFlags.None;
        long receiveNs;
        if (SsmdHeaders.ReadReceiveTime(message.Headers) is { } header and > 0)
        {
            receiveNs = header;
        }
        else
        {
            // Filed by the time JetStream stored it rather than dropped; counted and logged once.
            receiveNs = ((metadata?.Timestamp ?? DateTimeOffset.UtcNow).UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
            flags |= JournalFlags.StreamTime;
            metrics.MissingReceiveTime(source);
            if (!_loggedMissingTime)
            {
                _loggedMissingTime = true;
                ArchiverLog.NoReceiveTime(logger, sequence, message.Subject, source.Token);
            }
        }

        var rejection = _classifier.Classify(message.Subject, data.Memory);
        if (rejection != Rejection.None)
        {
            metrics.Rejected(source, rejection);
            if (_loggedRejections.Add(rejection))
                ArchiverLog.Rejected(logger, sequence, message.Subject, RejectionNames.Of(rejection), source.Token);
        }

        JournalRecord.Write(records, sequence, receiveNs, flags, rejection, message.Subject, data.Memory.Span);
        if (metadata is { } m)
            metrics.SetLag(source, (long)m.NumPending);
    }

    private async Task CommitAsync(ArrayBufferWriter<byte> records, List<INatsJSMsg<NatsMemoryOwner<byte>>> batch)
    {
        if (batch.Count == 0)
            return;
        try
        {
            await journal.AppendAsync(records.WrittenMemory, batch.Count, CancellationToken.None).ConfigureAwait(false);
            metrics.Journaled(source, batch.Count);
            if (ackMode == ArchiverAckMode.Stored)
            {
                // Acknowledged once the part holding them is stored (ArchiveConsumer.Parts.cs).
                await HoldAsync(records.WrittenMemory, batch).ConfigureAwait(false);
                return;
            }

            foreach (var message in batch)
            {
                try
                {
                    await message.AckAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                }
                catch (NatsException)
                {
                    // Not acknowledged: JetStream sends it again after AckWait, and the flush drops the duplicate.
                }
            }
        }
        finally
        {
            records.ResetWrittenCount();
            batch.Clear();
        }
    }

    private ConsumerConfig Config() => new(source.Consumer)
    {
        DurableName = source.Consumer,
        FilterSubject = source.Filter,
        AckPolicy = ConsumerConfigAckPolicy.Explicit,
        DeliverPolicy = ConsumerConfigDeliverPolicy.All,
        AckWait = options.AckWait,
        // Unlimited redeliveries: a message is never given up on (giving up would move the ack floor past it).
        MaxDeliver = -1,
        MaxAckPending = options.ConsumerMaxAckPending(),
    };
}
