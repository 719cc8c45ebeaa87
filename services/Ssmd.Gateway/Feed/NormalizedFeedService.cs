using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Environments;
using Ssmd.Gateway.Internal;
using Ssmd.Gateway.Markets;

namespace Ssmd.Gateway.Feed;

/// <summary>
/// Reads the normalized stream in order, from its first message (a day's stream: books are rebuilt from
/// its snapshots and deltas), through an ordered consumer: no message twice, none skipped, and a trade
/// the connector published twice was stored once by JetStream's de-duplication. After a failure it
/// resumes after the last sequence applied. Where the stream lost continuity (messages removed before they
/// were read, or the stream deleted and created again, its sequences starting over) every book waits for
/// its next snapshot, and a new stream is read from its start. Never waits for a client.
/// </summary>
internal sealed class NormalizedFeedService(
    INatsJSContext jetStream,
    SsmdEnvironment environment,
    MarketRegistry markets,
    FeedState state,
    GatewayStats stats,
    IOptions<GatewayOptions> options,
    ILogger<NormalizedFeedService> logger) : BackgroundService
{
    /// <summary>How often the stream's identity (its creation time) is checked while messages are consumed.</summary>
    private static readonly TimeSpan IdentityCheck = TimeSpan.FromSeconds(5);

    private readonly string _stream = environment.Transport.Nats.NormalizedStream.Name;
    private DateTimeOffset? _created;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var applier = new NormalizedApplier(markets, stats);
        jetStream.Connection.MessageDropped += OnMessageDropped;
        var delay = TimeSpan.FromMilliseconds(200);
        var started = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var recreated = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var watching = Task.CompletedTask;
            try
            {
                var stream = await jetStream.GetStreamAsync(_stream, cancellationToken: stoppingToken).ConfigureAwait(false);
                var created = stream.Info.Created;
                if (_created is { } before && before != created && state.LastSequence > 0)
                {
                    // Resuming after the old stream's last sequence would skip the new one's first messages (its
                    // snapshots among them) and lay its changes on the old books.
                    LostContinuity($"it was deleted and created again (at {created:O}); read from its first message, after sequence {state.LastSequence} of the old one");
                    state.Restart();
                }

                _created = created;
                var caughtUpAt = stream.Info.State.LastSeq;
                var next = state.LastSequence + 1;
                if (!started)
                {
                    GatewayLog.Started(logger, environment.Feed.Exchange, _stream, next, options.Value.ApiKeys.Count);
                    started = true;
                }

                if (caughtUpAt < next)
                    CaughtUp();
                var consumer = await jetStream.CreateOrderedConsumerAsync(_stream, new NatsJSOrderedConsumerOpts
                {
                    DeliverPolicy = next == 1 ? ConsumerConfigDeliverPolicy.All : ConsumerConfigDeliverPolicy.ByStartSequence,
                    OptStartSeq = next == 1 ? 0 : next,
                }, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(200);

                // The ordered consumer re-creates itself after the last sequence it delivered, so a stream created
                // again under it would be read from the wrong place: watch for it and start over here instead.
                watching = WatchIdentityAsync(created, recreated);
                await foreach (var msg in consumer.ConsumeAsync<NatsMemoryOwner<byte>>(cancellationToken: recreated.Token).ConfigureAwait(false))
                {
                    using var payload = msg.Data;
                    var sequence = msg.Metadata?.Sequence.Stream ?? 0;
                    if (sequence <= state.LastSequence)
                        break; // an ordered consumer never goes back: it re-created itself on a new stream; the next pass starts it over
                    if (state.LastSequence > 0 && sequence > state.LastSequence + 1)
                        LostContinuity($"sequences {state.LastSequence + 1}..{sequence - 1} were removed before they were read");
                    try
                    {
                        if (applier.Apply(msg.Subject, payload.Memory))
                            stats.AddFeedMessage();
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // One message must never stop the feed (a restart would meet it again): counted, logged, skipped.
                        stats.AddFeedError();
                        GatewayLog.BadMessage(logger, msg.Subject, sequence, e.Message);
                    }

                    state.Applied(sequence);
                    if (!state.CaughtUp && sequence >= caughtUpAt)
                        CaughtUp();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException) when (recreated.IsCancellationRequested)
            {
                // The stream is gone or a new one: the next pass finds out which.
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                // No stream yet (the connector has not started): nothing to replay is a normal, ready state.
                CaughtUp();
                GatewayLog.FeedRetry(logger, _stream, "the stream does not exist yet", delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (Exception e) when (e is NatsException or TimeoutException or NatsJSApiException)
            {
                GatewayLog.FeedRetry(logger, _stream, e.Message, delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            finally
            {
                await recreated.CancelAsync().ConfigureAwait(false);
                await watching.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Cancels <paramref name="consuming"/> once the stream is missing or was created at another time than <paramref name="created"/>.</summary>
    private async Task WatchIdentityAsync(DateTimeOffset created, CancellationTokenSource consuming)
    {
        try
        {
            while (true)
            {
                await Task.Delay(IdentityCheck, consuming.Token).ConfigureAwait(false);
                try
                {
                    var stream = await jetStream.GetStreamAsync(_stream, cancellationToken: consuming.Token).ConfigureAwait(false);
                    if (stream.Info.Created == created)
                        continue;
                }
                catch (NatsJSApiException e) when (e.Error.Code == 404)
                {
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    continue; // NATS unreachable or JetStream not ready: the consumer's own errors say so
                }

                await consuming.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // The pass ended.
        }
    }

    private void LostContinuity(string reason)
    {
        stats.AddFeedGap();
        GatewayLog.FeedGap(logger, _stream, reason);
        markets.ForgetBooks();
    }

    public override void Dispose()
    {
        jetStream.Connection.MessageDropped -= OnMessageDropped;
        base.Dispose();
    }

    private ValueTask OnMessageDropped(object? sender, NatsMessageDroppedEventArgs args)
    {
        stats.AddFeedDropped();
        return ValueTask.CompletedTask;
    }

    private void CaughtUp()
    {
        if (state.CaughtUp)
            return;
        state.MarkCaughtUp();
        GatewayLog.CaughtUp(logger, _stream, state.LastSequence, markets.Count);
    }
}
