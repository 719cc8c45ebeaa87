using NATS.Client.Core;
using NATS.Client.JetStream;
using Ssmd.Archiver.Internal;
using Ssmd.Archiver.Parts;
using Ssmd.Storage;

namespace Ssmd.Archiver.Consuming;

/// <summary>
/// Stored mode: journaled batches collect in a <see cref="PendingPart"/>, which is uploaded every
/// <see cref="ArchiverOptions.PartInterval"/>, or at <see cref="ArchiverOptions.PartMaxMessages"/> or
/// <see cref="ArchiverOptions.PartMaxBytes"/>; only then are its messages acknowledged. While storage is
/// down the upload is retried with backoff, the consumer fetches nothing more (JetStream keeps the
/// messages), the held ones are kept from redelivery with in-progress acks, the outage is logged once and
/// <c>/health</c> reports it.
/// </summary>
internal sealed partial class ArchiveConsumer
{
    private static readonly TimeSpan LastPartTimeout = TimeSpan.FromSeconds(10);
    private readonly PendingPart _part = new();
    private bool _bucketReady;

    /// <summary>
    /// When the journal is new (first start, a lost work directory, or a restore cut short), copies the
    /// source's parts from storage into it: they hold messages that were acknowledged but may not be in the
    /// archive files yet. Then marks the journal as started. A restore that fails part-way leaves the journal
    /// new, so the next start restores every part again; the parts imported twice are duplicates, which
    /// flushes drop by sequence.
    /// </summary>
    public async Task RestorePartsAsync(CancellationToken cancellationToken)
    {
        if (journal.IsNew)
        {
            var restored = 0;
            long bytes = 0;
            foreach (var (key, _) in await parts.ListAsync(source, cancellationToken).ConfigureAwait(false))
            {
                var content = await parts.Store.OpenReadAsync(parts.Bucket(source), key, cancellationToken).ConfigureAwait(false);
                if (content is null)
                    continue;
                await using (content.ConfigureAwait(false))
                {
                    var imported = await journal.ImportAsync(content, cancellationToken).ConfigureAwait(false);
                    bytes += imported.Bytes;
                    if (imported.Torn)
                        ArchiverLog.PartTorn(logger, source.Consumer, key, imported.Records);
                }

                restored++;
            }

            if (restored > 0)
                ArchiverLog.PartsRestored(logger, source.Consumer, restored, bytes);
        }

        journal.MarkStarted();
    }

    private async Task HoldAsync(ReadOnlyMemory<byte> records, List<INatsJSMsg<NatsMemoryOwner<byte>>> batch)
    {
        await _part.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _part.Add(records.Span, batch, time.GetTimestamp());
            metrics.SetHeld(source, _part.Count);
        }
        finally
        {
            _part.Gate.Release();
        }
    }

    private bool PartDue() => _part.Count > 0
        && (_part.Count >= options.PartMaxMessages || _part.Bytes >= options.PartMaxBytes || time.GetElapsedTime(_part.Since) >= options.PartInterval);

    /// <summary>Uploads the pending part until it is stored (or the archiver stops), then acknowledges its messages.</summary>
    private async Task StorePartAsync(CancellationToken stoppingToken)
    {
        var key = parts.Key(source, _part.First, _part.Last);
        long? outage = null;
        var failures = 0;
        while (true)
        {
            try
            {
                await PutPartAsync(key, stoppingToken).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (e is ObjectStoreException or IOException or UnauthorizedAccessException)
            {
                metrics.PartFailed(source);
                if (outage is null)
                {
                    // Once per outage, not per retry.
                    outage = time.GetTimestamp();
                    ArchiverLog.StorageUnavailable(logger, source.Consumer, _part.Count, e);
                }

                health.StorageFailed(source.Token,
                    $"storage unavailable for {time.GetElapsedTime(outage.Value).TotalSeconds:0} s, {_part.Count} messages wait unacknowledged: {e.Message}");
                var delay = Backoff.After(failures++, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
        }

        var count = await AcknowledgePartAsync().ConfigureAwait(false);
        if (outage is { } since)
            ArchiverLog.StorageBack(logger, time.GetElapsedTime(since), key, count, source.Consumer);
        health.StorageOk(source.Token);
    }

    /// <summary>On the way out: one bounded try to store what is pending, so the final flush includes it; otherwise it comes again.</summary>
    private async Task StoreLastPartAsync()
    {
        if (_part.Count == 0)
            return;
        using var timeout = new CancellationTokenSource(LastPartTimeout);
        try
        {
            await PutPartAsync(parts.Key(source, _part.First, _part.Last), timeout.Token).ConfigureAwait(false);
            await AcknowledgePartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectStoreException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            ArchiverLog.LastPartNotStored(logger, source.Consumer, _part.Count, e);
        }
    }

    private async Task PutPartAsync(string key, CancellationToken cancellationToken)
    {
        var bucket = parts.Bucket(source);
        if (!_bucketReady)
        {
            await parts.Store.EnsureBucketAsync(bucket, cancellationToken).ConfigureAwait(false);
            _bucketReady = true;
        }

        await parts.Store.PutBytesAsync(bucket, key, _part.Records, cancellationToken).ConfigureAwait(false);
        metrics.PartStored(source, _part.Records.Length);
    }

    private async Task<int> AcknowledgePartAsync()
    {
        await _part.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var count = _part.Count;
            foreach (var message in _part.Messages)
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

            _part.Clear();
            metrics.SetHeld(source, 0);
            return count;
        }
        finally
        {
            _part.Gate.Release();
        }
    }

    /// <summary>Every third of AckWait, marks the messages held longer than that as in progress, so JetStream does not send them again.</summary>
    private async Task KeepInProgressAsync(CancellationToken cancellationToken)
    {
        var period = options.AckWait / 3;
        try
        {
            while (true)
            {
                await Task.Delay(period, time, cancellationToken).ConfigureAwait(false);
                await _part.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (_part.Count == 0 || time.GetElapsedTime(_part.Since) < period)
                        continue;
                    foreach (var message in _part.Messages)
                    {
                        try
                        {
                            await message.AckProgressAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                        }
                        catch (NatsException)
                        {
                            // NATS away: the message may come again, and the flush drops the duplicate.
                        }
                    }
                }
                finally
                {
                    _part.Gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
