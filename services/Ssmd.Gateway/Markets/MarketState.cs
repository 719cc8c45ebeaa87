using Ssmd.Gateway.Books;
using Ssmd.Gateway.Protocol;
using Ssmd.Gateway.Streaming;

namespace Ssmd.Gateway.Markets;

/// <summary>
/// One market as the gateway holds it: its exact book, its per-market event sequence, recent trades and
/// its subscribers. <see cref="Gate"/> orders everything that touches it: the feed applies an event and
/// hands it to the subscribers under the lock, and a subscribe takes its snapshot under the same lock, so
/// a new subscriber gets exactly the events after its snapshot, none twice and none missed.
/// </summary>
internal sealed class MarketState(string ticker, int recentTrades)
{
    private Subscription[] _subscribers = [];

    public string Ticker { get; } = ticker;

    public Lock Gate { get; } = new();

    /// <summary>The sequence of the market's latest event (trade, book change, ticker, status): 1, 2, 3…</summary>
    public long Seq { get; set; }

    public OrderBook Book { get; } = new();

    /// <summary>
    /// Whether <see cref="Book"/> is the exchange's book: false until the stream carries a snapshot of the
    /// market (it may start with deltas when the stream was trimmed, or carry trades before the book is
    /// subscribed). Until then no book is served: an empty or partial one would pass for the real one.
    /// </summary>
    public bool BookKnown { get; set; }

    /// <summary>The timestamp of the book's latest change (exchange time, else receive time), Unix ns.</summary>
    public long BookTime { get; set; }

    public TradeRing Trades { get; } = new(recentTrades);

    /// <summary>
    /// The market's latest ticker message (Cap'n Proto) while it has subscribers, null otherwise: a client that
    /// skipped ticker updates gets it again when it catches up (a ticker is full values, so the latest is all it needs).
    /// </summary>
    public byte[]? LastTicker { get; set; }

    /// <summary>The status after the market's latest status event (unknown until one arrives).</summary>
    public Ssmd.Normalized.Status Status { get; set; }

    /// <summary>The subscribers now (copy on write, so the feed reads it without allocating).</summary>
    public Subscription[] Subscribers => Volatile.Read(ref _subscribers);

    public int SubscriberCount => Subscribers.Length;

    /// <summary>Hands one event to every subscriber's queue. Call under <see cref="Gate"/>, after <see cref="Seq"/> moved.</summary>
    public void Publish(EventKind kind, byte[] json, long receiveTime)
    {
        var e = new OutboundEvent(kind, json, receiveTime);
        foreach (var subscription in Subscribers)
            subscription.Client.Offer(subscription, e, Seq);
    }

    /// <summary>
    /// Adds a subscriber and queues its snapshot, both under the lock. When the book is not known yet
    /// (<paramref name="bookPending"/>) no snapshot is queued: the first one the stream carries goes to every subscriber.
    /// </summary>
    public Subscription Subscribe(StreamClient client, out bool bookPending)
    {
        lock (Gate)
        {
            var subscription = new Subscription(client, this);
            Volatile.Write(ref _subscribers, [.. _subscribers, subscription]);
            bookPending = !BookKnown;
            if (BookKnown)
                client.Enqueue(new OutboundEvent(EventKind.Orderbook, EventJson.Snapshot(Book, Ticker, Seq, BookTime), 0));
            return subscription;
        }
    }

    public void Unsubscribe(Subscription subscription)
    {
        lock (Gate)
        {
            subscription.Active = false;
            Volatile.Write(ref _subscribers, [.. _subscribers.Where(s => s != subscription)]);
        }
    }
}
