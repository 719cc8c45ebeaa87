using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;
using NATS.Client.Core;

namespace Ssmd.Streams;

/// <summary>
/// JetStream publishes as plain NATS publishes with a reply subject under one inbox
/// (<c>{InboxPrefix}.ssmd.{id}.{n}</c>), their acknowledgements read by one subscription and parsed with
/// <see cref="Utf8JsonReader"/>. <c>INatsJSContext.PublishAsync</c> does a request/reply per message
/// (a reply registration, an ack record, exceptions for refusals); at tens of thousands of messages a
/// second that bookkeeping was most of the connector's CPU. The contract is unchanged: an ack that does not
/// come within <see cref="NatsOpts.RequestTimeout"/> (NATS away, a write lost in a crash) settles the
/// publish as not stored, and the publisher sends it again with the same <c>Nats-Msg-Id</c>.
/// </summary>
public sealed class JetStreamAckInbox : IAsyncDisposable
{
    private readonly INatsConnection _nats;
    private readonly TimeProvider _time;
    private readonly string _prefix;
    private const string ExpectedLastSequenceHeader = "Nats-Expected-Last-Sequence";
    private readonly Dictionary<long, AckWaiter> _waiting = [];
    private readonly long _timeoutTicks;
    private readonly CancellationTokenSource _stop = new();
    private INatsSub<NatsMemoryOwner<byte>>? _subscription;
    private Task? _reading;
    private ITimer? _sweep;
    private long _next;
    private Task? _unwritten;

    /// <param name="nats">The connection; its <see cref="NatsOpts.RequestTimeout"/> bounds the wait for each acknowledgement.</param>
    /// <param name="time">The clock of the timeouts.</param>
    public JetStreamAckInbox(INatsConnection nats, TimeProvider time)
    {
        _nats = nats;
        _time = time;
        _prefix = $"{nats.Opts.InboxPrefix}.ssmd.{Guid.NewGuid():N}."; // the connection's prefix: an account may allow only that
        var timeout = nats.Opts.RequestTimeout;
        _timeoutTicks = (long)(timeout.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Subscribes the inbox (waits for NATS like any subscription) and starts reading acknowledgements.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Wait, never drop: a dropped ack would look like a lost write and cost a resend.
        var opts = new NatsSubOpts { ChannelOpts = new NatsSubChannelOpts { FullMode = BoundedChannelFullMode.Wait, Capacity = 16_384 } };
        _subscription = await _nats.SubscribeCoreAsync(_prefix + "*", serializer: NatsRawSerializer<NatsMemoryOwner<byte>>.Default, opts: opts,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        _reading = Task.Run(ReadAsync, CancellationToken.None);
        var period = TimeSpan.FromSeconds(Math.Clamp(_nats.Opts.RequestTimeout.TotalSeconds / 4, 0.05, 1));
        _sweep = _time.CreateTimer(_ => ExpireOverdue(), null, period, period);
    }

    /// <summary>
    /// Publishes to a stream's subject with JetStream's de-duplication id and, when not 0, the stream's
    /// expected last sequence (so it is stored only right after that one); the task ends with JetStream's
    /// answer or, after the request timeout, with a failure. <paramref name="headers"/> (ssmd's own) gets
    /// both added; null makes new ones.
    /// </summary>
    public ValueTask<JetStreamAck> PublishAsync(string subject, ReadOnlyMemory<byte> payload, string messageId, NatsHeaders? headers = null,
        ulong expectedLastSequence = 0, CancellationToken cancellationToken = default)
    {
        headers ??= [];
        headers[SsmdHeaders.MessageId] = messageId;
        if (expectedLastSequence > 0)
            headers[ExpectedLastSequenceHeader] = expectedLastSequence.ToString(CultureInfo.InvariantCulture);
        var id = Interlocked.Increment(ref _next); // publishers may share one inbox
        var waiter = new AckWaiter(_time.GetTimestamp() + _timeoutTicks);
        lock (_waiting)
            _waiting.Add(id, waiter);
        var replyTo = string.Concat(_prefix, id.ToString(CultureInfo.InvariantCulture));
        try
        {
            var send = _nats.PublishAsync(subject, payload, headers, replyTo, NatsRawSerializer<ReadOnlyMemory<byte>>.Default, cancellationToken: cancellationToken);
            if (!send.IsCompletedSuccessfully)
            {
                var sending = send.AsTask();
                Volatile.Write(ref _unwritten, sending);
                return AwaitSendAsync(sending, id, waiter);
            }
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException or ObjectDisposedException)
        {
            Settle(id, JetStreamAck.Failed(e.Message));
        }

        return waiter.Task;
    }

    /// <summary>
    /// Completes at once with true unless the last publish found the connection's write buffer full and is
    /// still waiting to be written; then completes when it is written (true) or could not be (false: NATS
    /// away past the command timeout; its acknowledgement fails too). A publisher sending a burst awaits it
    /// between messages: every publish sent into a full buffer would wait too, each with its own timed wait
    /// in the NATS client (a timer, a semaphore entry and a state machine per message), and after false
    /// each would wait out the same timeout, one after another.
    /// </summary>
    public ValueTask<bool> WhenWritableAsync() =>
        Volatile.Read(ref _unwritten) is { IsCompleted: false } blocked ? AwaitWrittenAsync(blocked) : new ValueTask<bool>(true);

    private static async ValueTask<bool> AwaitWrittenAsync(Task blocked)
    {
        await blocked.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return blocked.IsCompletedSuccessfully;
    }

    private async ValueTask<JetStreamAck> AwaitSendAsync(Task send, long id, AckWaiter waiter)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException or ObjectDisposedException)
        {
            Settle(id, JetStreamAck.Failed(e.Message));
        }

        return await waiter.Task.ConfigureAwait(false);
    }

    private async Task ReadAsync()
    {
        var messages = _subscription!.Msgs;
        try
        {
            while (await messages.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (messages.TryRead(out var message))
                {
                    using var owner = message.Data;
                    if (!long.TryParse(message.Subject.AsSpan(_prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                        continue;
                    var ack = message.Headers is { Code: 503 }
                        ? JetStreamAck.Failed("no responders: no stream holds the subject or JetStream is unavailable")
                        : Parse(owner.Memory.Span);
                    Settle(id, ack);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }

    // {"stream":"S","seq":12,"duplicate":true} or {"error":{"code":400,"err_code":10071,"description":"…"}}
    /// <summary>Reads one acknowledgement (or error) body.</summary>
    public static JetStreamAck Parse(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
            return JetStreamAck.Failed("empty acknowledgement");
        try
        {
            var reader = new Utf8JsonReader(json);
            ulong seq = 0;
            var duplicate = false;
            var hasStream = false;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return JetStreamAck.Failed("acknowledgement is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("seq"u8))
                {
                    reader.Read();
                    seq = reader.GetUInt64();
                }
                else if (reader.ValueTextEquals("duplicate"u8))
                {
                    reader.Read();
                    duplicate = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    hasStream = true;
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    return JetStreamAck.Failed(ErrorText(ref reader));
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return hasStream && seq > 0 ? new JetStreamAck(true, seq, duplicate, null) : JetStreamAck.Failed("acknowledgement without stream and seq");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return JetStreamAck.Failed($"unreadable acknowledgement: {e.Message}");
        }
    }

    private static string ErrorText(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return "JetStream error";
        }

        string? description = null;
        long code = 0, errCode = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("description"u8))
            {
                reader.Read();
                description = reader.GetString();
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("err_code"u8))
            {
                reader.Read();
                errCode = reader.GetInt64();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"JetStream error {code}/{errCode}: {description}");
    }

    private void Settle(long id, JetStreamAck ack)
    {
        AckWaiter? waiter;
        lock (_waiting)
        {
            if (!_waiting.Remove(id, out waiter))
                return; // already timed out: the publisher has moved on (a late ack of a resent message)
        }

        waiter.Complete(ack);
    }

    private void ExpireOverdue()
    {
        var now = _time.GetTimestamp();
        List<AckWaiter>? overdue = null;
        lock (_waiting)
        {
            foreach (var (id, waiter) in _waiting)
            {
                if (waiter.Deadline > now)
                    continue;
                (overdue ??= []).Add(waiter);
                _waiting.Remove(id);
            }
        }

        if (overdue is null)
            return;
        foreach (var waiter in overdue)
            waiter.Complete(JetStreamAck.Failed("no acknowledgement within the request timeout"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_sweep is not null)
            await _sweep.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_subscription is not null)
            await _subscription.DisposeAsync().ConfigureAwait(false);
        if (_reading is not null)
            await _reading.ConfigureAwait(false);
        List<AckWaiter> left;
        lock (_waiting)
        {
            left = [.. _waiting.Values];
            _waiting.Clear();
        }

        foreach (var waiter in left)
            waiter.Complete(JetStreamAck.Failed("stopping"));
        _stop.Dispose();
    }

    /// <summary>One publish's acknowledgement, awaited once.</summary>
    private sealed class AckWaiter(long deadline) : IValueTaskSource<JetStreamAck>
    {
        // Continuations run on the thread pool: the ack reader must not run the publisher loop.
        private ManualResetValueTaskSourceCore<JetStreamAck> _core = new() { RunContinuationsAsynchronously = true };

        public long Deadline => deadline;

        public ValueTask<JetStreamAck> Task => new(this, _core.Version);

        public void Complete(JetStreamAck ack) => _core.SetResult(ack);

        public JetStreamAck GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
