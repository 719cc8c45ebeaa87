using Microsoft.Extensions.Options;
using Ssmd.Archiver.Internal;

namespace Ssmd.Archiver.Flushing;

/// <summary>
/// Starts flushes: when <see cref="ArchiverOptions.MaxPendingMessages"/> are journaled, every
/// <see cref="ArchiverOptions.FlushInterval"/>, and once a day closes (<see cref="ArchiverOptions.DayCloseDelay"/>
/// after midnight UTC). A failed flush is retried with backoff. None while start-up restores parts
/// (<see cref="ArchiveFlusher.Restoring"/>): this service starts, and ticks, before the consumers' start-up
/// does. On stop (SIGTERM) — after the consumers have stopped — it flushes everything journaled.
/// </summary>
internal sealed class FlushScheduler(ArchiveFlusher flusher, IOptions<ArchiverOptions> options, TimeProvider time, ILogger<FlushScheduler> logger) : BackgroundService
{
    private int _failures;
    private DateTimeOffset _retryAt;
    private DateOnly _dayClosed = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (Due() is not { } reason)
                    continue;
                try
                {
                    await flusher.FlushAsync(reason, stoppingToken).ConfigureAwait(false);
                    _failures = 0;
                    if (reason == "day")
                        _dayClosed = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
                }
                catch (Exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // Logged and counted by the flusher; the journal keeps everything until a flush succeeds.
                    _retryAt = time.GetUtcNow() + Backoff.After(_failures++, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        ArchiverLog.FinalFlush(logger);
        try
        {
            await flusher.FlushAsync("shutdown", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Logged by the flusher; what was not flushed stays journaled for the next start.
        }
    }

    private string? Due()
    {
        var now = time.GetUtcNow();
        if (now < _retryAt || flusher.Pending == 0 || flusher.Restoring)
            return null;
        var settings = options.Value;
        if (flusher.Pending >= settings.MaxPendingMessages)
            return "pending";
        if (DateOnly.FromDateTime(now.UtcDateTime) > _dayClosed && now.TimeOfDay >= settings.DayCloseDelay)
            return "day";
        return now - flusher.LastFlush >= settings.FlushInterval ? "interval" : null;
    }
}
