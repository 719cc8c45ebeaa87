using Microsoft.Extensions.Logging;
using Ssmd.Secmaster.Internal;

namespace Ssmd.Secmaster;

/// <summary>
/// Applies lifecycle messages from the normalized status stream between syncs, with history rows and a
/// change event after commit.
/// </summary>
/// <remarks>
/// Wiring (once the Cap'n Proto status type exists): a JetStream consumer on <c>kalshi.status.&gt;</c>
/// maps each normalized status message to a <see cref="SecmasterLifecycleUpdate"/>, calls
/// <see cref="ApplyLifecycleAsync"/>, and acknowledges the message only after it returns.
/// </remarks>
/// <param name="repository">The store.</param>
/// <param name="publisher">Publishes the change; null publishes none.</param>
/// <param name="logger">Logs messages for unknown markets.</param>
public sealed class SecmasterLifecycle(SecmasterRepository repository, SecmasterChangePublisher? publisher, ILogger<SecmasterLifecycle> logger)
{
    /// <summary>Applies one message; returns the committed change, or null when it changed nothing (or named an unknown market).</summary>
    public async Task<SecmasterChange?> ApplyLifecycleAsync(SecmasterLifecycleUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrEmpty(update.Ticker);
        var (change, known) = await repository.WriteLifecycleAsync(update, cancellationToken);
        if (!known)
        {
            // The next sync brings the market in from REST.
            SecmasterLog.LifecycleIgnored(logger, update.Kind.ToString(), update.Ticker, "unknown market");
            return null;
        }

        if (change is not null && publisher is not null)
            await publisher.PublishAsync([change], cancellationToken);
        return change;
    }
}
