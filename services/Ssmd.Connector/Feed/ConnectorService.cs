using Ssmd.Connector.Internal;
using Ssmd.Connector.Kalshi;
using Ssmd.Connector.Publishing;
using Ssmd.Normalized;

namespace Ssmd.Connector.Feed;

/// <summary>
/// Runs the connections: one firehose connection (<c>ticker</c>, <c>trade</c>, <c>market_lifecycle_v2</c>)
/// and orderbook connections of at most <c>feed.marketsPerSubscription</c> markets each. Adds markets
/// when they are created (or found by the periodic sweep) and drops them when settled, one at a time
/// with <c>update_subscription</c>. Exits non-zero when a connection cannot go on; on stop, closes the
/// sockets and lets the publisher drain.
/// </summary>
internal sealed class ConnectorService(
    FeedContext context,
    PublishQueue queue,
    IHostApplicationLifetime lifetime,
    ILogger<ConnectorService> logger) : BackgroundService
{
    private readonly List<FeedConnection> _books = [];
    private readonly List<(FeedConnection Connection, Task Run)> _running = [];
    private FeedConnection? _firehose;

    /// <summary>Connections that should be open: the health check compares this with those that are.</summary>
    public int ExpectedConnections { get; private set; } = 1;

    /// <summary>Markets with an orderbook subscription now.</summary>
    public int SubscribedMarkets => _books.Sum(c => c.MarketCount);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        context.CapturedMarkets = () => [.. _books.ToArray().SelectMany(c => c.Markets())];
        var perSubscription = context.Environment.Feed.MarketsPerSubscription;
        var channels = context.Environment.Feed.Channels;
        try
        {
            var markets = await DiscoverWithRetryAsync(stoppingToken).ConfigureAwait(false);
            var firehoseChannels = channels.Where(c => c != "orderbook_delta").ToArray();
            string[][] shards = channels.Contains("orderbook_delta") ? markets.Order(StringComparer.Ordinal).Chunk(perSubscription).ToArray() : [];
            // Set before any connection starts: counted after, the first ones to open could match the count
            // while the rest were still being started, and /health said healthy with markets unsubscribed.
            ExpectedConnections = (firehoseChannels.Length > 0 ? 1 : 0) + shards.Length;
            if (firehoseChannels.Length > 0)
            {
                _firehose = new FeedConnection(context, "firehose", firehoseChannels, []);
                Start(_firehose, stoppingToken);
            }

            foreach (var shard in shards)
                Start(NewShard(shard), stoppingToken);
            ConnectorLog.Started(logger, context.Feed, context.WebSocketUrl, markets.Count, _books.Count, perSubscription,
                string.Join(",", channels), context.Options.UseYesPrice, context.Credentials.Description);

            await ManageMarketsAsync(channels.Contains("orderbook_delta"), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // Fatal by design, or a bug in managing the markets: stop loudly (exit non-zero). Going on would
            // keep the open connections, and /health green, with no market added or removed for the day.
            logger.LogCritical(e, "The connector stops: {Reason}", e.Message);
            Environment.ExitCode = 3;
            lifetime.StopApplication();
        }
        finally
        {
            await Task.WhenAll(_running.Select(r => r.Run)).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            queue.Complete();
        }
    }

    private void Start(FeedConnection connection, CancellationToken stoppingToken) =>
        _running.Add((connection, Task.Run(async () =>
        {
            try
            {
                await connection.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Fatal by design, or a bug: either way stop loudly (exit non-zero) rather than run without this connection.
                logger.LogCritical(e, "Connection {Connection} cannot go on: {Reason}", connection.Name, e.Message);
                Environment.ExitCode = 3;
                lifetime.StopApplication();
            }
        }, CancellationToken.None)));

    private FeedConnection NewShard(IEnumerable<string> markets)
    {
        var connection = new FeedConnection(context, $"book-{_books.Count + 1}", ["orderbook_delta"], markets);
        _books.Add(connection);
        return connection;
    }

    private async Task ManageMarketsAsync(bool orderbooks, CancellationToken stoppingToken)
    {
        using var sweep = new PeriodicTimer(context.Options.DiscoveryInterval, context.Time);
        var sweepTick = sweep.WaitForNextTickAsync(stoppingToken).AsTask();
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = context.Events.WaitToReadAsync(stoppingToken).AsTask();
            var done = await Task.WhenAny(next, sweepTick).ConfigureAwait(false);
            var sweepNow = false;
            if (done == sweepTick)
            {
                await sweepTick.ConfigureAwait(false);
                sweepNow = true;
                sweepTick = sweep.WaitForNextTickAsync(stoppingToken).AsTask();
            }

            var added = new List<string>();
            var removed = new List<string>();
            while (context.Events.TryRead(out var marketEvent))
            {
                if (marketEvent.Ticker is not { } ticker)
                {
                    sweepNow = true;
                    continue;
                }

                switch (marketEvent.EventType)
                {
                    case "created" when orderbooks && !Holds(ticker):
                        if (await LookupAsync(ticker, stoppingToken).ConfigureAwait(false))
                            added.Add(ticker);
                        break;
                    case "settled":
                        context.Directory.SetStatus(ticker, Status.Settled);
                        if (Holds(ticker))
                            removed.Add(ticker);
                        break;
                    case "determined":
                        context.Directory.SetStatus(ticker, Status.Determined);
                        break;
                    case "deactivated":
                        context.Directory.SetStatus(ticker, Status.Paused);
                        break;
                    case "activated":
                        context.Directory.SetStatus(ticker, Status.Active);
                        break;
                }
            }

            if (sweepNow && orderbooks)
            {
                try
                {
                    var markets = await context.Directory.DiscoverAsync(stoppingToken).ConfigureAwait(false);
                    added.AddRange(markets.Where(m => !Holds(m) && !added.Contains(m)));
                }
                catch (Exception e) when (KalshiRestFailure.IsTransient(e) && !stoppingToken.IsCancellationRequested)
                {
                    ConnectorLog.DiscoveryFailed(logger, context.Rest.RestUrl, e);
                }
            }

            if (added.Count > 0 || removed.Count > 0)
            {
                await ApplyAsync(added, removed, stoppingToken).ConfigureAwait(false);
                ConnectorLog.MarketsChanged(logger, added.Count, removed.Count, SubscribedMarkets, _books.Count);
            }
        }
    }

    private async Task ApplyAsync(List<string> added, List<string> removed, CancellationToken stoppingToken)
    {
        foreach (var group in removed.GroupBy(t => _books.First(c => c.Holds(t))))
            await group.Key.RemoveMarketsAsync([.. group], stoppingToken).ConfigureAwait(false);

        var perSubscription = context.Environment.Feed.MarketsPerSubscription;
        var queueOfNew = new Queue<string>(added);
        foreach (var connection in _books)
        {
            var room = perSubscription - connection.MarketCount;
            if (room <= 0 || queueOfNew.Count == 0)
                continue;
            var take = new List<string>();
            while (take.Count < room && queueOfNew.TryDequeue(out var ticker))
                take.Add(ticker);
            await connection.AddMarketsAsync(take, stoppingToken).ConfigureAwait(false);
        }

        // Whatever does not fit gets new connections: subscriptions are never filled past the limit.
        // Counted before it starts, as at start-up: never a moment where the open ones match a count without it.
        foreach (var shard in queueOfNew.Chunk(perSubscription))
        {
            ExpectedConnections = _running.Count + 1;
            Start(NewShard(shard), stoppingToken);
        }
    }

    private bool Holds(string ticker) => _books.Any(c => c.Holds(ticker));

    private async Task<bool> LookupAsync(string ticker, CancellationToken stoppingToken)
    {
        try
        {
            return await context.Directory.LookupAsync(ticker, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (KalshiRestFailure.IsTransient(e) && !stoppingToken.IsCancellationRequested)
        {
            // The sweep picks it up later.
            ConnectorLog.DiscoveryFailed(logger, context.Rest.RestUrl, e);
            return false;
        }
    }

    private async Task<HashSet<string>> DiscoverWithRetryAsync(CancellationToken stoppingToken)
    {
        var delay = context.Options.ReconnectMinDelay;
        var since = context.Time.GetTimestamp();
        while (true)
        {
            try
            {
                return await context.Directory.DiscoverAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (KalshiRestFailure.IsTransient(e) && !stoppingToken.IsCancellationRequested)
            {
                ConnectorLog.DiscoveryFailed(logger, context.Rest.RestUrl, e);
                if (context.Time.GetElapsedTime(since) > context.Options.GiveUpAfter)
                    throw new ConnectorFatalException($"Kalshi REST {context.Rest.RestUrl} unreachable for {context.Options.GiveUpAfter}.", e);
                await Task.Delay(delay, context.Time, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, context.Options.ReconnectMaxDelay.Ticks));
            }
        }
    }
}
