using Microsoft.Extensions.Logging;
using Ssmd.Secmaster.Internal;

namespace Ssmd.Secmaster;

/// <summary>
/// Applies lifecycle messages from the normalized status stream between syncs, with history rows and a
/// change event after commit.
/// </summary>
/// <remarks>
/// The worker's lifecycle consumer reads <c>{feed}.status.&gt;</c>, turns each Cap'n Proto
/// <c>MarketStatus</c> into a <see cref="SecmasterLifecycleUpdate"/> with
/// <see cref="SecmasterStatusMessage.Read"/>, calls <see cref="ApplyAsync"/> with the message's
/// <see cref="SecmasterLifecycleCheckpoint"/> and acknowledges the message only after it returns.
/// </remarks>
/// <param name="repository">The store.</param>
/// <param name="publisher">Publishes the change; null publishes none.</param>
/// <param name="logger">Logs messages for unknown markets.</param>
public sealed class SecmasterLifecycle(SecmasterRepository repository, SecmasterChangePublisher? publisher, ILogger<SecmasterLifecycle> logger)
{
    /// <summary>Applies one message; returns the committed change, or null when it changed nothing (or named an unknown market, which is logged).</summary>
    public async Task<SecmasterChange?> ApplyLifecycleAsync(SecmasterLifecycleUpdate update, CancellationToken cancellationToken = default)
    {
        var result = await ApplyAsync(update, null, cancellationToken);
        if (result.Outcome == SecmasterLifecycleOutcome.UnknownMarket)
        {
            // The next sync brings the market in from REST.
            SecmasterLog.LifecycleIgnored(logger, update.Kind.ToString(), update.Ticker, "unknown market");
        }

        return result.Change;
    }

    /// <summary>
    /// Applies one message in one transaction (with <paramref name="checkpoint"/>, if given, recorded in it)
    /// and publishes the change after commit. Logs nothing: the caller knows the message's context.
    /// </summary>
    /// <exception cref="NATS.Client.JetStream.NatsJSException">The change committed but its event was not acknowledged (it is republished later).</exception>
    public async Task<SecmasterLifecycleResult> ApplyAsync(SecmasterLifecycleUpdate update, SecmasterLifecycleCheckpoint? checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrEmpty(update.Ticker);
        var result = await repository.WriteLifecycleAsync(update, checkpoint, cancellationToken);
        if (result.Change is { } change && publisher is not null)
            await publisher.PublishAsync([change], cancellationToken);
        return result;
    }
}
