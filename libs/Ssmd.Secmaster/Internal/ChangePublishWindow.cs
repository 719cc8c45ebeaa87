using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using NATS.Client.JetStream;
using Ssmd.Streams;

namespace Ssmd.Secmaster.Internal;

/// <summary>
/// Sends change events in chunks without waiting for each acknowledgement: up to
/// <see cref="MaxChunksInFlight"/> chunks are unacknowledged at once, and the oldest is settled (every
/// ack awaited, the acknowledged ones recorded as published in one statement, that statement running
/// while the next chunk is sent) before another is sent.
/// Chunks are settled in the order they were sent, so a ticker's versions are marked in order. One
/// caller at a time. Events go out as plain publishes whose acknowledgements come back on one inbox
/// (<see cref="JetStreamAckInbox"/>, the publisher's, shared by its windows): a request/reply per event was
/// most of a full sync's publishing cost.
/// </summary>
internal sealed class ChangePublishWindow(Func<CancellationToken, ValueTask<JetStreamAckInbox>> inboxFor, SecmasterRepository repository, Func<string, string> subjectFor, ILogger logger)
{
    /// <summary>Events per chunk: one buffer, one "published" statement.</summary>
    public const int ChunkSize = 1000;

    /// <summary>Chunks unacknowledged at once: enough to hide the ack round trip and the marking, few enough to bound memory.</summary>
    public const int MaxChunksInFlight = 4;

    private readonly Queue<Chunk> _inFlight = new();
    private readonly Stack<ChangeEventWriter> _writers = new();
    private JetStreamAckInbox? _inbox;

    // The recording of the last settled chunk: it runs while the next chunks are sent (a statement's round
    // trip no longer stalls the sending), and each recording starts only after the one before it ended,
    // so a ticker's versions are still marked in order.
    private Task _recording = Task.CompletedTask;
    private int _published;

    /// <summary>Events acknowledged and recorded so far.</summary>
    public int Published => Volatile.Read(ref _published);

    /// <summary>Sends <paramref name="changes"/>, settling older chunks as the window fills.</summary>
    /// <exception cref="NatsJSException">A settled chunk had an event JetStream did not acknowledge (the ones it did are recorded).</exception>
    public async Task SendAsync(IReadOnlyList<SecmasterChange> changes, CancellationToken cancellationToken)
    {
        if (_inbox is null && changes.Count > 0)
            _inbox = await inboxFor(cancellationToken);

        for (var start = 0; start < changes.Count; start += ChunkSize)
        {
            if (_inFlight.Count >= MaxChunksInFlight && await SettleOldestOrStopAsync(cancellationToken) is { } failure)
            {
                // Stop sending; what is already in flight is still settled, so its acks are recorded.
                await DrainAsync(cancellationToken);
                ExceptionDispatchInfo.Throw(failure);
            }

            _inFlight.Enqueue(await SendChunkAsync(changes, start, Math.Min(ChunkSize, changes.Count - start), cancellationToken));
        }
    }

    /// <summary>Settles every chunk in flight; throws the first failure after recording all that was acknowledged.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            // Every chunk is settled, also after a failure: `failure ??= await …` would skip the settling
            // once a failure is held, and the loop would spin on the chunk it never dequeued.
            while (_inFlight.Count > 0)
            {
                var settled = await SettleOldestAsync(cancellationToken);
                failure ??= settled;
            }
        }
        finally
        {
            // The last recording runs in the background: never leave it running, or its failure unseen,
            // behind a caller that goes on (or gives up) after this.
            await _recording;
        }

        if (failure is not null)
            ExceptionDispatchInfo.Throw(failure);
    }

    private async ValueTask<Chunk> SendChunkAsync(IReadOnlyList<SecmasterChange> changes, int start, int count, CancellationToken cancellationToken)
    {
        var writer = _writers.Count > 0 ? _writers.Pop() : new ChangeEventWriter();
        writer.Reset();
        for (var i = 0; i < count; i++)
            writer.Append(changes[start + i]);
        // Bodies are slices of the writer's buffer: it goes back to the pool only once every ack is in
        // (an acknowledgement may come after a later chunk was sent).
        var acks = new ValueTask<JetStreamAck>[count];
        for (var i = 0; i < count; i++)
        {
            var change = changes[start + i];
            acks[i] = _inbox!.PublishAsync(subjectFor(change.Ticker), writer.Body(i), change.MessageId, cancellationToken: cancellationToken);
            // A chunk is larger than the connection's write buffer (64 KiB by default): when it fills, wait
            // for it to drain rather than queue the rest of the chunk behind it. If it never drains (NATS
            // away), the rest of the chunk is not sent: it fails now, as the unwritten event will, instead of
            // each event waiting out the command timeout after the one before.
            if (!await _inbox.WhenWritableAsync())
            {
                for (var j = i + 1; j < count; j++)
                    acks[j] = new ValueTask<JetStreamAck>(JetStreamAck.Failed("not sent: NATS could not take an earlier event of the same chunk"));
                break;
            }
        }

        return new Chunk(changes, start, count, acks, writer);
    }

    /// <summary>As <see cref="SettleOldestAsync"/>; when that throws, the background recording is let finish before the exception goes on.</summary>
    private async Task<Exception?> SettleOldestOrStopAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await SettleOldestAsync(cancellationToken);
        }
        catch
        {
            // Its own failure, if any, is the one going on (or was caused by it): only wait for it.
            await _recording.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
    }

    /// <summary>Awaits the oldest chunk's acks and records the acknowledged events; returns the first failure, if any.</summary>
    private async Task<Exception?> SettleOldestAsync(CancellationToken cancellationToken)
    {
        var chunk = _inFlight.Dequeue();
        var published = new List<SecmasterChange>(chunk.Count);
        Exception? failure = null;
        for (var i = 0; i < chunk.Count; i++)
        {
            // A duplicate (already in the stream from an earlier attempt) is stored: that is success.
            var ack = await chunk.Acks[i];
            if (ack.Stored)
                published.Add(chunk.Changes[chunk.Start + i]);
            else
                failure ??= new NatsJSException($"change event {chunk.Changes[chunk.Start + i].MessageId} not stored: {ack.Error}");
        }

        _writers.Push(chunk.Writer);
        // One recording at a time: wait for the previous one (it had the sending of a chunk to finish in,
        // and surfaces its failure here), then record this chunk while the caller goes on sending.
        try
        {
            await _recording;
        }
        finally
        {
            // Even when the previous recording failed, this chunk's acknowledged events are recorded.
            _recording = RecordAsync(published, cancellationToken);
        }

        if (failure is not null)
            SecmasterLog.PublishFailed(logger, chunk.Count - published.Count, failure);
        return failure;
    }

    private async Task RecordAsync(List<SecmasterChange> published, CancellationToken cancellationToken)
    {
        await repository.MarkPublishedAsync(published, cancellationToken);
        Interlocked.Add(ref _published, published.Count);
    }

    private sealed record Chunk(IReadOnlyList<SecmasterChange> Changes, int Start, int Count, ValueTask<JetStreamAck>[] Acks, ChangeEventWriter Writer);
}
