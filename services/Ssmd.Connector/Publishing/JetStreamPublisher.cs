using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Ssmd.Connector.Internal;
using Ssmd.Environments;
using Ssmd.Streams;

namespace Ssmd.Connector.Publishing;

/// <summary>
/// Publishes queued frames to JetStream: raw and normalized, every message with its <c>Nats-Msg-Id</c>,
/// many acks in flight (bounded), stored in queue order. Order is enforced by the server, not hoped
/// for: each publish carries <c>Nats-Expected-Last-Sequence</c>, so JetStream stores a message only
/// right after the one sent before it, and a publish lost in a NATS crash stops those behind it instead
/// of letting them land first. A failed publish is resent with the same id (one that did land is then
/// acknowledged as a duplicate, not stored twice) until NATS is back; meanwhile the queue fills and,
/// past its capacity, the read loops count what they drop. On stop it drains what is queued.
/// </summary>
internal sealed partial class JetStreamPublisher(
    INatsJSContext jetStream,
    PublishQueue queue,
    ConnectorStats stats,
    ConnectorRun run,
    SsmdEnvironment environment,
    IOptions<ConnectorOptions> options,
    TimeProvider time,
    ILogger<JetStreamPublisher> logger) : BackgroundService
{
    private const int Raw = 0;
    private const int Normalized = 1;
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(20);
    private Queue<Pending> _inFlight = new();
    private readonly string _lossSubject = SsmdSubjects.Raw(environment.Feed.Exchange, "ssmd_data_loss");
    private readonly string[] _streams = [environment.Transport.Nats.RawStream.Name, environment.Transport.Nats.NormalizedStream.Name];

    // Per stream: the last sequence it will hold once everything sent so far is stored. Each publish
    // expects the stream to end exactly there, then moves it on by one.
    private readonly ulong[] _expectedLast = new ulong[2];
    private long _reportedDropped;

    // Per stream: the last messages JetStream acknowledged, oldest first, kept with their pooled buffers.
    // nats-server acknowledges a write before it reaches its file, so a crash can lose acknowledged
    // messages; they are sent again from here (ReplayLostAcknowledged).
    private readonly Queue<Acknowledged>[] _recent = [new(), new()];
    private readonly ulong[] _highestAcknowledged = new ulong[2];
    private readonly int _replayWindow = options.Value.ReplayWindow;
    private JetStreamAckInbox? _inbox;
    private CancellationToken _publishing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Publishing outlives the stop signal long enough to drain: the read loops are stopped first.
        using var drain = new CancellationTokenSource();
        await using var onStop = stoppingToken.Register(() =>
        {
            queue.Complete();
            drain.CancelAfter(DrainLimit);
        });
        var max = options.Value.MaxPublishesInFlight;
        await using var inbox = new JetStreamAckInbox(jetStream.Connection, time);
        _inbox = inbox;
        _publishing = drain.Token;
        try
        {
            await inbox.StartAsync(drain.Token).ConfigureAwait(false);
            await EnsureStreamsAsync(drain.Token).ConfigureAwait(false);
            while (await queue.Reader.WaitToReadAsync(drain.Token).ConfigureAwait(false))
            {
                while (queue.TryRead(out var frame))
                {
                    Start(frame);
                    while (_inFlight.Count >= max)
                        await CompleteOldestAsync(drain.Token).ConfigureAwait(false);
                }

                while (_inFlight.Count > 0)
                    await CompleteOldestAsync(drain.Token).ConfigureAwait(false);
                await ReportLossAsync(drain.Token).ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested)
                    ConnectorLog.Draining(logger, queue.Count);
            }
        }
        catch (OperationCanceledException) when (drain.IsCancellationRequested)
        {
            // The drain limit passed with NATS unavailable: what is left is lost, and said so.
            ConnectorLog.DataLoss(logger, queue.Count + _inFlight.Count, stats.Dropped + queue.Count + _inFlight.Count);
        }
    }

    private async Task EnsureStreamsAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await SsmdStreams.EnsureAsync(jetStream, environment, cancellationToken).ConfigureAwait(false);
                await ReadLastSequencesAsync(cancellationToken).ConfigureAwait(false);
                stats.SetNatsConnected(true);
                return;
            }
            catch (Exception e) when (e is NatsException or TimeoutException)
            {
                stats.SetNatsConnected(false);
                ConnectorLog.PublishRetry(logger, $"streams not ready: {e.Message}", 0, delay);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task ReadLastSequencesAsync(CancellationToken cancellationToken)
    {
        for (var s = 0; s < _streams.Length; s++)
        {
            var stream = await jetStream.GetStreamAsync(_streams[s], cancellationToken: cancellationToken).ConfigureAwait(false);
            _expectedLast[s] = stream.Info.State.LastSeq;
        }
    }

    private void Start(OutboundFrame frame)
    {
        frame.Outstanding = frame.MessageCount;
        if (frame.RawBuffer is not null)
            _inFlight.Enqueue(new Pending(frame, -1, Publish(frame, -1)));
        for (var i = 0; i < frame.Normalized.Count; i++)
            _inFlight.Enqueue(new Pending(frame, i, Publish(frame, i)));
        if (frame.Outstanding == 0)
            frame.Release();
    }

    // Index -1 is the raw frame, 0.. its normalized events. The attempt knows the sequence it can only be stored at.
    private Attempt Publish(OutboundFrame frame, int index)
    {
        var stream = index < 0 ? Raw : Normalized;
        var expected = _expectedLast[stream]++; // 0 for an empty stream: its first message goes unchecked
        return new Attempt(Send(frame, index, expected), expected + 1);
    }

    private ValueTask<JetStreamAck> Send(OutboundFrame frame, int index, ulong expected)
    {
        var headers = new NatsHeaders();
        SsmdHeaders.WriteReceiveTime(headers, frame.ReceiveNanoseconds);
        if (frame.TraceParent is { } traceParent)
            headers[SsmdHeaders.TraceParent] = traceParent;
        if (index < 0)
        {
            if (frame.Sid is { } sid)
                headers[SsmdHeaders.Sid] = sid.ToString(CultureInfo.InvariantCulture);
            if (frame.Seq is { } seq)
                headers[SsmdHeaders.Seq] = seq.ToString(CultureInfo.InvariantCulture);
            if (frame.UseYesPrice is { } useYesPrice)
                headers[SsmdHeaders.UseYesPrice] = useYesPrice ? "true" : "false";
            return _inbox!.PublishAsync(frame.RawSubject!, frame.Raw, frame.RawMessageId!, headers, expected, _publishing);
        }

        var message = frame.Normalized[index];
        return _inbox!.PublishAsync(message.Subject, message.Payload, message.MessageId, headers, expected, _publishing);
    }

    private async Task CompleteOldestAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!await _inFlight.Peek().StoredAsync().ConfigureAwait(false))
        {
            if (stats.NatsConnected)
            {
                ConnectorLog.PublishRetry(logger, "no acknowledgement", _inFlight.Count, delay);
                stats.SetNatsConnected(false);
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            await ResendUnstoredAsync(cancellationToken).ConfigureAwait(false);
        }

        stats.SetNatsConnected(true);
        var pending = _inFlight.Dequeue();
        var frame = pending.Frame;
        if (pending.CollidedOnFirstSend)
        {
            stats.CountIdCollision();
            ConnectorLog.IdCollision(logger, pending.Index < 0 ? frame.RawMessageId! : frame.Normalized[pending.Index].MessageId,
                pending.Index < 0 ? frame.RawSubject! : frame.Normalized[pending.Index].Subject);
        }

        var stream = pending.Index < 0 ? Raw : Normalized;
        if (pending.Replay)
        {
            // Counted when it was first acknowledged.
        }
        else if (pending.Index < 0)
        {
            if (!frame.IsLossMarker)
                stats.CountRawPublished();
        }
        else
        {
            stats.CountNormalizedPublished();
            var exchangeNs = frame.Normalized[pending.Index].ExchangeNanoseconds;
            if (exchangeNs > 0)
                stats.SetLag(UnixNanoseconds(time) - exchangeNs);
        }

        Remember(stream, new Acknowledged(frame, pending.Index, pending.Sequence));
    }

    private void Remember(int stream, Acknowledged message)
    {
        var recent = _recent[stream];
        recent.Enqueue(message);
        if (message.Sequence > _highestAcknowledged[stream])
            _highestAcknowledged[stream] = message.Sequence;
        while (recent.Count > _replayWindow)
            Forget(recent.Dequeue());
    }

    private static void Forget(Acknowledged message)
    {
        if (--message.Frame.Outstanding == 0)
            message.Frame.Release();
    }

    // The oldest publish failed (NATS went away, an ack timed out, or a publish behind a lost one was
    // refused for its expected sequence). Settles every outstanding publish first (they run concurrently,
    // so this takes at most one request timeout): after that nothing of ours is still on its way. Then
    // reads where each stream really ends (waiting for NATS to answer) and sends again, in order and
    // pipelined, each one not stored: same subject, payload and Nats-Msg-Id, so one that had landed
    // after all is acknowledged as a duplicate.
    private async Task ResendUnstoredAsync(CancellationToken cancellationToken)
    {
        foreach (var pending in _inFlight)
            await pending.StoredAsync().ConfigureAwait(false);

        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await ReadLastSequencesAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (e is NatsException or TimeoutException)
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }

        var last = (ulong[])_expectedLast.Clone();
        var replays = ReplayLostAcknowledged(last);
        var stored = new StoredIds(jetStream, _streams);
        foreach (var pending in _inFlight)
        {
            var stream = pending.Index < 0 ? Raw : Normalized;
            // Stored, unless acknowledged at a sequence the restarted server no longer has.
            if (pending.Stored && pending.Sequence <= last[stream])
                continue;

            // Unacknowledged, yet maybe stored: the write landed and its ack was lost with the connection.
            // Once the duplicate window has passed a resend would be stored a second time, so the message at
            // the one sequence this attempt could take is asked for first, and taken if it is this one.
            if (!pending.Stored && pending.Intended <= last[stream]
                && await stored.IdAtAsync(stream, pending.Intended, cancellationToken).ConfigureAwait(false) == MessageIdOf(pending))
            {
                pending.Landed(pending.Intended);
                continue;
            }

            stats.CountPublishRetry();
            pending.Resend(Publish(pending.Frame, pending.Index));
        }

        if (replays.Count > 0)
            _inFlight = new Queue<Pending>(replays.Concat(_inFlight));
    }

    // A stream that ends before what it acknowledged lost acknowledged writes (nats-server crashed before
    // they reached its file). Those still in the replay window are sent again, first and in their order;
    // any older than the window are lost and counted (raw ones as dropped, so the loss marker reports them).
    private List<Pending> ReplayLostAcknowledged(ulong[] last)
    {
        var replays = new List<Pending>();
        for (var s = 0; s < _streams.Length; s++)
        {
            if (_highestAcknowledged[s] <= last[s])
                continue;
            var missing = _highestAcknowledged[s] - last[s];
            var kept = new Queue<Acknowledged>();
            var lost = new List<Acknowledged>();
            foreach (var message in _recent[s])
            {
                if (message.Sequence > last[s])
                    lost.Add(message);
                else
                    kept.Enqueue(message);
            }

            _recent[s] = kept;
            _highestAcknowledged[s] = last[s];
            var unrecoverable = (long)missing - lost.Count;
            ConnectorLog.BrokerLostAcknowledged(logger, _streams[s], (long)missing, lost.Count);
            if (unrecoverable > 0 && s == Raw)
                stats.CountDropped(unrecoverable);
            foreach (var message in lost.OrderBy(m => m.Sequence))
            {
                stats.CountPublishRetry();
                replays.Add(new Pending(message.Frame, message.Index, Publish(message.Frame, message.Index), replay: true));
            }
        }

        return replays;
    }

    // After an outage that overflowed the buffer: one marker in the raw stream (and so in the archive)
    // at the place where frames are missing, with their exact count. Called with nothing in flight.
    private async Task ReportLossAsync(CancellationToken cancellationToken)
    {
        var dropped = stats.Dropped;
        if (dropped == _reportedDropped)
            return;
        var lost = dropped - _reportedDropped;
        ConnectorLog.DataLoss(logger, lost, dropped);
        var now = UnixNanoseconds(time);
        var json = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"type\":\"ssmd_data_loss\",\"msg\":{{\"dropped\":{lost},\"dropped_total\":{dropped},\"run\":\"{run.Id}\",\"ts_ms\":{now / 1_000_000}}}}}"));
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(json.Length);
        json.CopyTo(buffer, 0);
        Start(new OutboundFrame
        {
            RawBuffer = buffer,
            RawLength = json.Length,
            RawSubject = _lossSubject,
            RawMessageId = $"{run.Id}:loss:{dropped}",
            ReceiveNanoseconds = now,
            IsLossMarker = true,
        });
        while (_inFlight.Count > 0)
            await CompleteOldestAsync(cancellationToken).ConfigureAwait(false);
        _reportedDropped = dropped;
        stats.SetLossReported(dropped);
    }

    private readonly record struct Acknowledged(OutboundFrame Frame, int Index, ulong Sequence);

    /// <summary>One publish attempt: its acknowledgement, and the stream sequence it is stored at if at all (its expected last + 1).</summary>
    private readonly record struct Attempt(ValueTask<JetStreamAck> Ack, ulong Intended);

    private static string MessageIdOf(Pending pending) =>
        pending.Index < 0 ? pending.Frame.RawMessageId! : pending.Frame.Normalized[pending.Index].MessageId;

    internal static long UnixNanoseconds(TimeProvider time) => (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
}
