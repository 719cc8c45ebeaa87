using NATS.Client.JetStream;
using Ssmd.Environments;
using Ssmd.Storage;

namespace Ssmd.Archiver.Consuming;

/// <summary>
/// Runs every source's consumer. Start-up fails (and the archiver does not run) when a filter matches
/// none of its stream's subjects, or when a new journal cannot restore its parts from storage. Stops before the flush scheduler, whose stop flushes what was journaled.
/// </summary>
internal sealed class ArchiveConsumerService(IEnumerable<ArchiveConsumer> consumers, INatsJSContext jetStream, SsmdEnvironment environment, IObjectStore store) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The streams are the environment's; creating them here lets the archiver start before the connector.
        await Streams.SsmdStreams.EnsureAsync(jetStream, environment, cancellationToken).ConfigureAwait(false);
        foreach (var consumer in consumers)
        {
            await consumer.RestorePartsAsync(cancellationToken).ConfigureAwait(false);
            await consumer.StartAsync(store.Description, cancellationToken).ConfigureAwait(false);
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(consumers.Select(consumer => Task.Run(() => consumer.RunAsync(stoppingToken), CancellationToken.None)));
}
