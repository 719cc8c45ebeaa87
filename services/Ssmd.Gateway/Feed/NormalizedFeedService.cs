using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Capnp;
using Ssmd.Environments;
using Ssmd.Gateway.Internal;
using Ssmd.Gateway.Markets;

namespace Ssmd.Gateway.Feed;

/// <summary>
/// Reads the normalized stream in order, from its first message (a day's stream: books are rebuilt from
/// its snapshots and deltas), through an ordered consumer: no message twice, none skipped, and a trade
/// the connector published twice was stored once by JetStream's de-duplication. After a failure it
/// resumes after the last sequence applied. Never waits for a client.
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
    private readonly string _stream = environment.Transport.Nats.NormalizedStream.Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var applier = new NormalizedApplier(markets, stats);
        jetStream.Connection.MessageDropped += OnMessageDropped;
        var delay = TimeSpan.FromMilliseconds(200);
        var started = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var stream = await jetStream.GetStreamAsync(_stream, cancellationToken: stoppingToken).ConfigureAwait(false);
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

                await foreach (var msg in consumer.ConsumeAsync<NatsMemoryOwner<byte>>(cancellationToken: stoppingToken).ConfigureAwait(false))
                {
                    using var payload = msg.Data;
                    var sequence = msg.Metadata?.Sequence.Stream ?? 0;
                    try
                    {
                        if (applier.Apply(msg.Subject, payload.Memory))
                            stats.AddFeedMessage();
                    }
                    catch (CapnpFormatException e)
                    {
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
        }
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
