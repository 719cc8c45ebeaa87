using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using Ssmd.Gateway.Internal;
using Ssmd.Gateway.Markets;
using Ssmd.Gateway.Protocol;

namespace Ssmd.Gateway.Streaming;

/// <summary>
/// One WebSocket client: its subscriptions, its bounded queue of outgoing events and the policy applied
/// when the queue fills (README "Slow clients"). The feed never waits for a client: <see cref="Offer"/>
/// either queues an event, or coalesces it, or holds it back and remembers to tell the client.
/// </summary>
internal sealed partial class StreamClient
{
    private readonly WebSocket _socket;
    private readonly GatewayOptions _options;
    private readonly GatewayStats _stats;
    private readonly GatewayMetrics _metrics;
    private readonly MarketRegistry _markets;
    private readonly ILogger _logger;

    // Unbounded as a channel, bounded by Offer: only the gateway's own answers (snapshots, gap and error
    // events, at most a few per subscription) may pass the limit.
    private readonly Channel<OutboundEvent> _queue = Channel.CreateUnbounded<OutboundEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<Subscription> _resync = new();
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private readonly int _hardLimit;
    private readonly int _answerLimit;
    private readonly int _resyncBelow;
    private int _depth;
    private int _fullWarned;
    private long _sent;

    public StreamClient(long id, WebSocket socket, string keyName, GatewayOptions options, GatewayStats stats, GatewayMetrics metrics, MarketRegistry markets, ILogger logger)
    {
        Id = id;
        KeyName = keyName;
        _socket = socket;
        _options = options;
        _stats = stats;
        _metrics = metrics;
        _markets = markets;
        _logger = logger;
        _capacity = options.ClientQueueCapacity;
        _hardLimit = options.ClientQueueCapacity + options.ClientQueueReserve;
        // Past the hard limit no subscribe is served, so only answers to commands add to the queue: this
        // many (two per symbol a client may hold) means commands keep coming while nothing is read.
        _answerLimit = _hardLimit + (2 * options.MaxSymbolsPerClient);
        _resyncBelow = Math.Max(1, options.ClientQueueCapacity / 4);
    }

    public long Id { get; }

    /// <summary>The name of the API key the client used (never the key).</summary>
    public string KeyName { get; }

    public int QueueDepth => Volatile.Read(ref _depth);

    public long EventsSent => Interlocked.Read(ref _sent);

    /// <summary>Symbols subscribed now (the receive loop's view).</summary>
    public int SubscriptionCount => _subscriptions.Count;

    /// <summary>
    /// Offers one market event. Called under the market's lock with the event's sequence. Book and ticker
    /// updates are skipped once the queue holds <see cref="GatewayOptions.ClientQueueCapacity"/> events (a
    /// snapshot replaces them later); trades and status events may use the reserve beyond it, and past that
    /// the market's events are held back until a <c>gap</c> event and a snapshot can be queued.
    /// </summary>
    public void Offer(Subscription subscription, in OutboundEvent e, long seq)
    {
        if (subscription.Withheld)
        {
            subscription.LastMissedSeq = seq;
            CountMissed(subscription, e.Kind);
            return;
        }

        var depth = Volatile.Read(ref _depth);
        if (e.Kind.IsCoalescible())
        {
            if (subscription.BookStale)
            {
                Coalesce(subscription, e.Kind);
                return;
            }

            if (depth >= _capacity)
            {
                subscription.BookStale = true;
                Coalesce(subscription, e.Kind);
                QueueForResync(subscription, depth);
                return;
            }
        }
        else if (depth >= _hardLimit)
        {
            subscription.Withheld = true;
            subscription.FirstMissedSeq = subscription.LastMissedSeq = seq;
            CountMissed(subscription, e.Kind);
            QueueForResync(subscription, depth);
            return;
        }

        Enqueue(e);
    }

    /// <summary>Queues an event whatever the depth: the gateway's own answers, which are few and bounded per subscription.</summary>
    public void Enqueue(in OutboundEvent e)
    {
        Interlocked.Increment(ref _depth);
        if (!_queue.Writer.TryWrite(e))
            Interlocked.Decrement(ref _depth); // completed: the client is going away
    }

    private void CountMissed(Subscription subscription, EventKind kind)
    {
        switch (kind)
        {
            case EventKind.Trade:
                subscription.LostTrades++;
                _stats.AddDropped(kind);
                break;
            case EventKind.Status:
                subscription.LostStatuses++;
                _stats.AddDropped(kind);
                break;
            default:
                Coalesce(subscription, kind);
                break;
        }
    }

    private void Coalesce(Subscription subscription, EventKind kind)
    {
        _stats.AddCoalesced(kind);
        if (kind == EventKind.Ticker)
            subscription.TickerSkipped = true;
    }

    private void QueueForResync(Subscription subscription, int depth)
    {
        if (!subscription.AwaitingResync)
        {
            subscription.AwaitingResync = true;
            _resync.Enqueue(subscription);
        }

        if (Interlocked.Exchange(ref _fullWarned, 1) == 0)
            GatewayLog.QueueFull(_logger, Id, KeyName, depth);
    }

    /// <summary>
    /// Brings every market that fell behind up to date, now that the queue has room: a <c>gap</c> event
    /// when trades or status events were held back, the latest ticker when ticker updates were skipped, then a
    /// fresh snapshot (both carry the market's latest <c>seq</c>, so the jump is explained).
    /// </summary>
    private void Resync()
    {
        while (_resync.TryDequeue(out var subscription))
        {
            var market = subscription.Market;
            lock (market.Gate)
            {
                subscription.AwaitingResync = false;
                if (subscription.Active)
                {
                    if (subscription.Withheld)
                    {
                        Enqueue(new OutboundEvent(EventKind.Gap, EventJson.Gap(market.Ticker, market.Seq, subscription.FirstMissedSeq, subscription.LastMissedSeq,
                            subscription.LostTrades, subscription.LostStatuses), 0));
                    }

                    // The latest ticker stands for those skipped; like the snapshot after it, it carries the latest seq.
                    if (subscription.TickerSkipped && market.LastTicker is { } ticker)
                        Enqueue(new OutboundEvent(EventKind.Ticker, EventJson.Ticker(Normalized.Ticker.ReadRoot(Capnp.MessageReader.Read(ticker)), market.Ticker, market.Seq), 0));

                    // A book not known yet has no snapshot to give: its first one goes to every subscriber.
                    if (market.BookKnown)
                        Enqueue(new OutboundEvent(EventKind.Orderbook, EventJson.Snapshot(market.Book, market.Ticker, market.Seq, market.BookTime), 0));
                }

                subscription.BookStale = subscription.Withheld = subscription.TickerSkipped = false;
                subscription.LostTrades = subscription.LostStatuses = 0;
            }
        }

        Volatile.Write(ref _fullWarned, 0);
    }

    private void Error(string code, string message, long? id = null, IReadOnlyList<string>? symbols = null)
    {
        _stats.AddClientError();
        Enqueue(new OutboundEvent(EventKind.Error, EventJson.Error(code, message, id, symbols), 0));
    }

    /// <summary>Drops every subscription (on disconnect).</summary>
    private void UnsubscribeAll()
    {
        foreach (var subscription in _subscriptions.Values)
            subscription.Market.Unsubscribe(subscription);
        _subscriptions.Clear();
    }
}
