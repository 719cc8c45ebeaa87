using Microsoft.Extensions.Options;
using Npgsql;
using Ssmd.Environments;
using Ssmd.Secmaster;

namespace Ssmd.Worker.Secmaster;

/// <summary>
/// Migrates the schema and makes sure the change stream exists at start-up (the worker fails to start
/// otherwise), syncs the security master at start-up and then every day at the environment's
/// <c>schedule.startup</c>; a failed sync is retried after <see cref="SecmasterWorkerOptions.RetryFailedSyncAfter"/>.
/// </summary>
internal sealed class SecmasterSyncService(
    NpgsqlDataSource dataSource,
    SecmasterRepository repository,
    SecmasterChangePublisher publisher,
    IHttpClientFactory httpClients,
    IOptions<SecmasterWorkerOptions> options,
    SsmdEnvironment environment,
    SecmasterWorkerMetrics metrics,
    SecmasterSyncHealthCheck health,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<SecmasterSyncService>();

    /// <summary>The REST base the sync reads (see <see cref="SecmasterWorkerOptions.RestUrl"/>).</summary>
    public Uri RestUrl => options.Value.RestUrl ?? environment.Feed.RestUrl ?? new Uri("http://kalshisim/trade-api/v2");

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await SecmasterMigrator.MigrateAsync(dataSource, _logger, cancellationToken);
        var normalized = environment.Transport.Nats.NormalizedStream;
        await publisher.EnsureStreamAsync(options.Value.StreamName, normalized.MaxAge, normalized.DuplicateWindow, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.SyncAtStartup)
            await SyncUntilDoneAsync(stoppingToken);
        if (!settings.SyncDaily)
            return;

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = NextRun(environment.Schedule, time.GetUtcNow()) - time.GetUtcNow();
            WorkerLog.NextSync(_logger, wait);
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stoppingToken);
            await SyncUntilDoneAsync(stoppingToken);
        }
    }

    /// <summary>The next <c>schedule.startup</c> after <paramref name="now"/>, in the schedule's time zone.</summary>
    public static DateTimeOffset NextRun(ScheduleDefinition schedule, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, schedule.TimeZone);
        var candidate = local.Date + schedule.Startup.ToTimeSpan();
        if (candidate <= local.DateTime)
            candidate = candidate.AddDays(1);
        return new DateTimeOffset(candidate, schedule.TimeZone.GetUtcOffset(candidate));
    }

    private async Task SyncUntilDoneAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var sync = new SecmasterSync(repository, httpClients.CreateClient(Worker.KalshiRestClient), new SecmasterSyncSettings
                {
                    RestUrl = RestUrl,
                    MarketPageSize = settings.MarketPageSize,
                    EventPageSize = settings.EventPageSize,
                    RequestsPerSecond = settings.RequestsPerSecond,
                    Burst = settings.Burst,
                    MaxRetries = settings.MaxRetries,
                    RetryBaseDelay = settings.RetryBaseDelay,
                    RequestTimeout = settings.RequestTimeout,
                }, publisher, loggers.CreateLogger<SecmasterSync>());
                var result = await sync.RunAsync(stoppingToken);
                metrics.Completed(result);
                health.Succeeded(result, time.GetUtcNow());
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The exchange or a dependency is down: the worker stays up and tries again later.
                metrics.Failed();
                health.Failed(ex, time.GetUtcNow());
                WorkerLog.SyncFailed(_logger, RestUrl, settings.RetryFailedSyncAfter, ex);
                await Task.Delay(settings.RetryFailedSyncAfter, time, stoppingToken);
            }
        }
    }
}
