using System.Threading.Channels;

namespace Ssmd.Secmaster.Internal;

/// <summary>
/// Publishes committed pages of changes on a task of its own, so the sync writes page N+1 while page
/// N's events are sent, acknowledged and recorded. Pages are published in the order posted (a ticker's
/// versions stay in order); at most <see cref="Capacity"/> pages wait, then <see cref="PostAsync"/> waits.
/// </summary>
internal sealed class ChangePublishQueue : IAsyncDisposable
{
    /// <summary>Pages waiting to be published before the writer waits.</summary>
    public const int Capacity = 8;

    private readonly Channel<IReadOnlyList<SecmasterChange>> _pages = Channel.CreateBounded<IReadOnlyList<SecmasterChange>>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true });

    private readonly ChangePublishWindow _window;
    private readonly Task _run;

    public ChangePublishQueue(ChangePublishWindow window, CancellationToken cancellationToken)
    {
        _window = window;
        _run = Task.Run(() => RunAsync(cancellationToken), CancellationToken.None);
    }

    /// <summary>Events acknowledged and recorded so far.</summary>
    public int Published => _window.Published;

    /// <summary>Queues a committed page's changes.</summary>
    /// <exception cref="NATS.Client.JetStream.NatsJSException">Publishing has failed (the sync stops; the rest is republished next run).</exception>
    public async Task PostAsync(IReadOnlyList<SecmasterChange> changes, CancellationToken cancellationToken)
    {
        try
        {
            await _pages.Writer.WriteAsync(changes, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // The publishing task stopped on a failure: surface that failure, not the closed channel.
            await _run;
            throw;
        }
    }

    /// <summary>Publishes everything queued and returns once it is acknowledged and recorded.</summary>
    public async Task CompleteAsync()
    {
        _pages.Writer.TryComplete();
        await _run;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var changes in _pages.Reader.ReadAllAsync(cancellationToken))
                await _window.SendAsync(changes, cancellationToken);
            await _window.DrainAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            _pages.Writer.TryComplete(ex);
            throw;
        }
    }

    /// <summary>
    /// Publishes what was posted even when the sync failed part-way (those changes are committed); a
    /// publishing failure was logged where it happened and is left to the next run's republish.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _pages.Writer.TryComplete();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
