using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Environments;
using Ssmd.Secmaster;
using Ssmd.Streams;

namespace Ssmd.Worker.Secmaster;

/// <summary>
/// Applies the normalized status stream (<c>{exchange}.status.&gt;</c>, Cap'n Proto <c>MarketStatus</c>)
/// to the security master between syncs, through a durable pull consumer with explicit acks: a message
/// is acknowledged only after its PostgreSQL transaction committed (and its change event was published).
/// PostgreSQL or NATS down: the message is retried with backoff, nothing acknowledged. A redelivered
/// message is recognised by the stream checkpoint written with each apply and changes nothing (sound
/// because the consumer has one message in flight, so messages are applied in stream order even across
/// restarts). A
/// message that cannot be applied (bad bytes, unknown event, unknown market) is counted, logged once
/// and acknowledged, so it never blocks the ones behind it.
/// </summary>
internal sealed class SecmasterLifecycleService(
    INatsJSContext jetStream,
    SecmasterLifecycle lifecycle,
    SecmasterChangePublisher publisher,
    SsmdEnvironment environment,
    IOptions<SecmasterWorkerOptions> options,
    SecmasterWorkerMetrics metrics,
    TimeProvider time,
    ILogger<SecmasterLifecycleService> logger) : BackgroundService
{
    private static readonly AckOpts Confirmed = new() { DoubleAck = true };

    private INatsJSConsumer? _consumer;
    private string _stream = "";
    private DateTimeOffset _streamCreated;

    /// <summary>The filter consumed: <see cref="SecmasterWorkerOptions.LifecycleFilter"/>, else <c>{exchange}.status.&gt;</c>.</summary>
    public string Filter => options.Value.LifecycleFilter ?? SsmdSubjects.NormalizedWildcard(environment.Feed.Exchange, NormalizedKind.Status);

    /// <summary>Creates or updates the environment's streams, checks the filter against the normalized stream and creates the durable consumer; any failure stops start-up.</summary>
    /// <exception cref="SsmdStreamException">The normalized stream does not carry <see cref="Filter"/>.</exception>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.ConsumeLifecycle)
            return;
        await SsmdStreams.EnsureAsync(jetStream, environment, cancellationToken);
        _stream = environment.Transport.Nats.NormalizedStream.Name;
        var info = await SsmdStreams.RequireFilterAsync(jetStream, _stream, Filter, cancellationToken);
        _streamCreated = info.Created;
        _consumer = await jetStream.CreateOrUpdateConsumerAsync(_stream, ConsumerSettings(), cancellationToken);
        WorkerLog.LifecycleConsuming(logger, Filter, _stream, settings.LifecycleConsumer);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var consumer = _consumer;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                consumer ??= await RecreateConsumerAsync(stoppingToken);
                await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: new NatsJSConsumeOpts { MaxMsgs = 100 }, cancellationToken: stoppingToken))
                {
                    await HandleUntilDoneAsync(message, stoppingToken);
                    failures = 0;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // NATS went away, or the consumer or its stream was deleted: re-create it (retrying, as long
                // as the stream is missing) and go on where the server says.
                var delay = Backoff(failures++);
                WorkerLog.LifecycleConsumerFailed(logger, delay, ex);
                await Task.Delay(delay, time, stoppingToken);
                consumer = null;
            }
        }
    }

    private async Task<INatsJSConsumer> RecreateConsumerAsync(CancellationToken cancellationToken)
    {
        // The stream may be a new one of the same name (an operator recreated it, NATS lost its storage):
        // its sequences start again at 1, and under the old creation time the checkpoint would take them
        // for redeliveries of what was already applied and skip them. The checkpoint restarts on a new time.
        var stream = await jetStream.GetStreamAsync(_stream, cancellationToken: cancellationToken);
        _streamCreated = stream.Info.Created;
        try
        {
            return await jetStream.GetConsumerAsync(_stream, options.Value.LifecycleConsumer, cancellationToken);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            // Deleted by an operator: create it again (it starts from the beginning of the stream; the checkpoint skips what was applied).
            return _consumer = await jetStream.CreateOrUpdateConsumerAsync(_stream, ConsumerSettings(), cancellationToken);
        }
    }

    private ConsumerConfig ConsumerSettings()
    {
        var settings = options.Value;
        return new ConsumerConfig(settings.LifecycleConsumer)
        {
            DurableName = settings.LifecycleConsumer,
            FilterSubject = Filter,
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            AckWait = settings.LifecycleAckWait,
            // One message in flight. The checkpoint is a high-water mark: it is only sound if nothing after a
            // message is applied before it. With more in flight, a worker that dies (or loses NATS) holding
            // unacknowledged messages gets newer ones first after its restart and the older ones only after
            // AckWait; by then the checkpoint has passed them and they would be skipped as duplicates.
            MaxAckPending = 1,
            // Unlimited redeliveries: a message is never dropped because PostgreSQL was down for long.
            MaxDeliver = -1,
        };
    }

    /// <summary>Handles one message, retrying with backoff until it is applied and acknowledged (or the worker stops).</summary>
    private async Task HandleUntilDoneAsync(INatsJSMsg<byte[]> message, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await HandleAsync(message, attempt > 0, cancellationToken);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.LifecycleRetried();
                var delay = Backoff(attempt);
                WorkerLog.LifecycleRetry(logger, message.Subject, Sequence(message), attempt + 1, delay, ex);
                await SignalProgressAsync(message, cancellationToken);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    private async Task HandleAsync(INatsJSMsg<byte[]> message, bool retrying, CancellationToken cancellationToken)
    {
        // An earlier attempt may have committed its change and then failed to publish it: send those first.
        if (retrying)
            await publisher.RepublishPendingAsync(cancellationToken);

        var sequence = Sequence(message);
        var subjectTicker = SsmdSubjects.TryParseNormalized(message.Subject, out _, out _, out var ticker) ? ticker : null;
        var read = SecmasterStatusMessage.Read(message.Data ?? [], subjectTicker);
        if (read.Rejection == SecmasterStatusMessage.NotLifecycle)
        {
            metrics.LifecycleSkipped(SecmasterStatusMessage.NotLifecycle);
            await message.AckAsync(Confirmed, cancellationToken);
            return;
        }

        if (read.Update is not { } update)
        {
            metrics.LifecycleRejected(read.Rejection!);
            WorkerLog.LifecycleRejected(logger, message.Subject, sequence, read.Rejection!, read.Detail ?? "");
            // Terminated, not just acknowledged: the server never sends these bytes again.
            await message.AckTerminateAsync(Confirmed, cancellationToken);
            return;
        }

        if (read.Repaired.Count > 0 && !retrying)
        {
            metrics.BadFields(read.Repaired.Count);
            WorkerLog.LifecycleRepaired(logger, message.Subject, sequence, string.Join(", ", read.Repaired));
        }

        var result = await lifecycle.ApplyAsync(update, new SecmasterLifecycleCheckpoint(_stream, _streamCreated, sequence), cancellationToken);
        switch (result.Outcome)
        {
            case SecmasterLifecycleOutcome.Changed:
                metrics.LifecycleApplied(update.Kind);
                break;
            case SecmasterLifecycleOutcome.Unchanged:
                metrics.LifecycleSkipped("unchanged");
                break;
            case SecmasterLifecycleOutcome.Duplicate:
                metrics.LifecycleSkipped("duplicate");
                break;
            case SecmasterLifecycleOutcome.Stale:
                // A backlog older than the last complete sync: REST already had what followed it.
                metrics.LifecycleSkipped("stale");
                break;
            default:
                // The next sync brings the market in from REST.
                metrics.LifecycleRejected("unknown_ticker");
                WorkerLog.LifecycleRejected(logger, message.Subject, sequence, "unknown_ticker", $"{update.Kind} for {update.Ticker}, a market not in the security master yet");
                break;
        }

        await message.AckAsync(Confirmed, cancellationToken);
    }

    /// <summary>Tells the server the message is still being worked on, so it is not redelivered meanwhile.</summary>
    private async Task SignalProgressAsync(INatsJSMsg<byte[]> message, CancellationToken cancellationToken)
    {
        try
        {
            await message.AckProgressAsync(cancellationToken: cancellationToken);
        }
        catch (NatsException e)
        {
            WorkerLog.LifecycleProgressNotSent(logger, message.Subject, e);
        }
    }

    private static ulong Sequence(INatsJSMsg<byte[]> message) => message.Metadata?.Sequence.Stream ?? 0;

    private TimeSpan Backoff(int attempt)
    {
        var max = options.Value.LifecycleMaxRetryDelay;
        var delay = TimeSpan.FromMilliseconds(200 * Math.Pow(2, Math.Min(attempt, 16)));
        return delay < max ? delay : max;
    }
}
