using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Ssmd.Secmaster.Internal;

namespace Ssmd.Secmaster;

/// <summary>
/// Reads every series, event and market from Kalshi's REST API (or the simulator) and writes what
/// changed: one transaction per page, history per changed field, a change event per committed change.
/// A sync that stops half-way resumes from the last committed market page next time.
/// </summary>
public sealed class SecmasterSync : IDisposable
{
    private readonly SecmasterRepository _repository;
    private readonly SecmasterChangePublisher? _publisher;
    private readonly SecmasterSyncSettings _settings;
    private readonly ILogger _logger;
    private readonly KalshiRestReader _reader;
    private readonly string _base;

    /// <param name="repository">The store.</param>
    /// <param name="http">The HTTP client (its own resilience handlers should be off: this class retries).</param>
    /// <param name="settings">REST address, page sizes, rate and retries; <see cref="SecmasterSyncSettings.RestUrl"/> is required.</param>
    /// <param name="publisher">Publishes change events; null publishes none.</param>
    /// <param name="logger">Logs progress and bad data.</param>
    public SecmasterSync(SecmasterRepository repository, HttpClient http, SecmasterSyncSettings settings, SecmasterChangePublisher? publisher, ILogger<SecmasterSync> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        _repository = repository ?? throw new ArgumentNullException(nameof(repository));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _publisher = publisher;
        _base = (settings.RestUrl ?? throw new ArgumentException("RestUrl is required", nameof(settings))).AbsoluteUri.TrimEnd('/');
        _reader = new KalshiRestReader(http, settings, logger);
    }

    /// <summary>Runs one full sync.</summary>
    /// <exception cref="HttpRequestException">The exchange stayed unreachable through every retry.</exception>
    public async Task<SecmasterSyncResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var tally = new RejectionTally();
        var retriesBefore = _reader.Retries;
        var published = 0;
        if (_publisher is not null)
        {
            var republished = await _publisher.RepublishPendingAsync(cancellationToken);
            if (republished > 0)
                SecmasterLog.Republished(_logger, republished);
        }

        var resume = await _repository.ReadUnfinishedScopeAsync("markets", cancellationToken);
        SecmasterLog.SyncStarted(_logger, resume is not null);

        // Series and events are read and written while the markets are: neither waits for the other's
        // round trips. Each keeps its own tally (the tallies are not shared between tasks).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var catalogTally = new RejectionTally();
        var catalog = SyncCatalogAsync(catalogTally, stop.Token);
        (int Read, int Created, int Changed, int FieldChanges, int Published) marketCounts;
        try
        {
            marketCounts = await SyncMarketsAsync(resume, tally, stop.Token);
        }
        catch
        {
            await stop.CancelAsync();
            await ((Task)catalog).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var (series, events) = await catalog;
        tally.AddAll(catalogTally);
        var (markets, created, changed, fieldChanges, sent) = marketCounts;
        published += sent;

        foreach (var (field, reason, count, example) in tally.Entries)
            SecmasterLog.BadField(_logger, count, field, reason, example);
        var result = new SecmasterSyncResult
        {
            SeriesRead = series,
            EventsRead = events,
            MarketsRead = markets,
            MarketsCreated = created,
            MarketsChanged = changed,
            FieldChanges = fieldChanges,
            EventsPublished = published,
            BadFields = tally.Total,
            Retries = _reader.Retries - retriesBefore,
            Resumed = resume is not null,
            Elapsed = clock.Elapsed,
        };
        SecmasterLog.SyncCompleted(_logger, result.Elapsed, series, events, markets, created, changed, tally.Total);
        return result;
    }

    private async Task<(int Series, int Events)> SyncCatalogAsync(RejectionTally tally, CancellationToken cancellationToken)
    {
        // Off the caller's synchronous path: the markets scan starts at once.
        await Task.Yield();
        var series = await SyncSeriesAsync(tally, cancellationToken);
        var events = await SyncEventsAsync(tally, cancellationToken);
        return (series, events);
    }

    private async Task<int> SyncSeriesAsync(RejectionTally tally, CancellationToken cancellationToken)
    {
        // /series returns the whole list in one answer today; follow a cursor if one ever appears.
        var run = Guid.NewGuid();
        string? cursor = null;
        var read = 0;
        do
        {
            using var body = await _reader.GetAsync(WithCursor($"{_base}/series?", cursor), cancellationToken);
            var (rows, next) = CatalogPageParser.ParseSeries(body.Memory, tally);
            await _repository.WriteSeriesPageAsync(rows, new SyncScope("series", run, next), cancellationToken);
            read += rows.Count;
            cursor = next;
        }
        while (cursor is not null);
        return read;
    }

    private async Task<int> SyncEventsAsync(RejectionTally tally, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid();
        string? cursor = null;
        var read = 0;
        do
        {
            using var body = await _reader.GetAsync(WithCursor($"{_base}/events?limit={_settings.EventPageSize}", cursor), cancellationToken);
            var (rows, next) = CatalogPageParser.ParseEvents(body.Memory, tally);
            await _repository.WriteEventPageAsync(rows, new SyncScope("events", run, next), cancellationToken);
            read += rows.Count;
            cursor = next;
        }
        while (cursor is not null);
        return read;
    }

    private async Task<(int Read, int Created, int Changed, int FieldChanges, int Published)> SyncMarketsAsync(
        SyncScope? resume, RejectionTally tally, CancellationToken cancellationToken)
    {
        var run = resume?.RunId ?? Guid.NewGuid();
        var cursor = resume?.NextCursor;
        int read = 0, created = 0, changed = 0, fieldChanges = 0, published = 0;
        var pending = FetchMarketsAsync(cursor, resume is not null, tally, cancellationToken);
        // Committed pages are published on the queue's own task while the next pages are written.
        await using var queue = _publisher?.StartQueue(cancellationToken);
        while (true)
        {
            var (page, restarted) = await pending;
            if (restarted)
                run = Guid.NewGuid();
            // Fetch the next page while this one is written: the two waits overlap.
            if (page.NextCursor is not null)
                pending = FetchMarketsAsync(page.NextCursor, false, tally, cancellationToken);
            var changes = await _repository.WriteMarketPageAsync(page.Rows, new SyncScope("markets", run, page.NextCursor), cancellationToken, page.ReadAt);
            read += page.Rows.Count;
            foreach (var change in changes)
            {
                if (change.IsCreated)
                {
                    created++;
                }
                else
                {
                    changed++;
                    fieldChanges += change.Fields.Count;
                }
            }

            if (queue is not null && changes.Count > 0)
                await queue.PostAsync(changes, cancellationToken);

            if (page.NextCursor is null)
            {
                if (queue is not null)
                {
                    await queue.CompleteAsync();
                    published = queue.Published;
                }

                return (read, created, changed, fieldChanges, published);
            }
        }
    }

    /// <summary>
    /// GETs and parses a market page (off the writing path: it runs while the previous page is written);
    /// a refused resume cursor (an expired one answers 4xx) restarts the scan from page 1.
    /// </summary>
    private async Task<(MarketPage Page, bool Restarted)> FetchMarketsAsync(string? cursor, bool resuming, RejectionTally tally, CancellationToken cancellationToken)
    {
        var first = $"{_base}/markets?limit={_settings.MarketPageSize}";
        var readAt = DateTimeOffset.UtcNow;
        PooledBody body;
        var restarted = false;
        try
        {
            body = await _reader.GetAsync(WithCursor(first, cursor), cancellationToken);
        }
        catch (KalshiRestException refused) when (resuming && refused.Status is >= 400 and < 500)
        {
            SecmasterLog.ResumeRefused(_logger, "markets", refused.Status);
            body = await _reader.GetAsync(first, cancellationToken);
            restarted = true;
        }

        // The rows copy what they keep: the page's buffer goes back to the pool once it is parsed.
        using (body)
            return (MarketPageParser.Parse(body.Memory, tally) with { ReadAt = readAt }, restarted);
    }

    private static string WithCursor(string uri, string? cursor) =>
        cursor is null ? uri : $"{uri}{(uri.EndsWith('?') ? "" : "&")}cursor={Uri.EscapeDataString(cursor)}";

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
