using Ssmd.Capnp;
using Ssmd.Gateway.Markets;
using Ssmd.Gateway.Protocol;
using Ssmd.Normalized;
using Ssmd.Streams;

namespace Ssmd.Gateway.Feed;

/// <summary>
/// Applies one normalized message to its market and hands the resulting event to the subscribers: a
/// snapshot replaces the book, a delta changes one level, each moves the market's sequence by one.
/// Runs on the feed's one thread; the market's lock orders it against subscribes and resyncs.
/// </summary>
internal sealed class NormalizedApplier(MarketRegistry markets, GatewayStats stats)
{
    private readonly MessageReader _reader = new();

    // Subject → market, so the subject is decoded once per market, not once per message.
    private readonly Dictionary<string, (NormalizedKind Kind, MarketState Market)> _subjects = new(StringComparer.Ordinal);

    /// <summary>False when the subject is not a normalized one.</summary>
    /// <exception cref="CapnpFormatException">The payload is not a valid message.</exception>
    public bool Apply(string subject, ReadOnlyMemory<byte> payload)
    {
        if (!_subjects.TryGetValue(subject, out var target))
        {
            if (!SsmdSubjects.TryParseNormalized(subject, out _, out var kind, out var ticker))
                return false;
            target = (kind, markets.GetOrAdd(ticker));
            _subjects[subject] = target;
        }

        _reader.Load(payload);
        var market = target.Market;
        switch (target.Kind)
        {
            case NormalizedKind.Trade:
                ApplyTrade(market);
                break;
            case NormalizedKind.Orderbook:
                ApplyBook(market);
                break;
            case NormalizedKind.Ticker:
                ApplyTicker(market, payload);
                break;
            case NormalizedKind.Status:
                ApplyStatus(market);
                break;
        }

        return true;
    }

    private void ApplyTrade(MarketState market)
    {
        var trade = Trade.ReadRoot(_reader);
        lock (market.Gate)
        {
            var seq = ++market.Seq;
            // Always serialized: the recent-trades endpoint serves the same JSON.
            var json = EventJson.Trade(trade, market.Ticker, seq);
            market.Trades.Add(seq, json);
            market.Publish(EventKind.Trade, json, trade.ReceiveTime);
        }
    }

    private void ApplyBook(MarketState market)
    {
        var update = OrderBookUpdate.ReadRoot(_reader);
        lock (market.Gate)
        {
            if (!market.BookKnown && update.Which != OrderBookUpdate.Which.Snapshot)
            {
                // A change to a book never seen whole says nothing about the rest of it: not an event until a snapshot.
                stats.AddBookDeltaWithoutSnapshot();
                return;
            }

            var seq = ++market.Seq;
            var book = market.Book;
            byte[]? json = null;
            long receiveTime;
            if (update.Which == OrderBookUpdate.Which.Snapshot)
            {
                // A connector resync (or market close) sends a whole book: it replaces ours and goes out as one.
                var snapshot = update.Snapshot;
                book.Clear();
                market.BookKnown = true;
                foreach (var level in snapshot.Bids)
                    book.Set(bid: true, level.Price, level.Size);
                foreach (var level in snapshot.Asks)
                    book.Set(bid: false, level.Price, level.Size);
                receiveTime = snapshot.ReceiveTime;
                market.BookTime = EventJson.Timestamp(snapshot.ExchangeTime, receiveTime);
                if (market.SubscriberCount > 0)
                    json = EventJson.Snapshot(book, market.Ticker, seq, market.BookTime);
            }
            else
            {
                var delta = update.Delta;
                var bid = delta.Side == BookSide.Bid;
                var side = bid ? book.Bids : book.Asks;
                var size = side.GetValueOrDefault(delta.Price) + delta.Delta;
                book.Set(bid, delta.Price, size);
                receiveTime = delta.ReceiveTime;
                market.BookTime = EventJson.Timestamp(delta.ExchangeTime, receiveTime);
                if (market.SubscriberCount > 0)
                    json = EventJson.Update(bid, delta.Price, Math.Max(size, 0), market.Ticker, seq, market.BookTime);
            }

            if (json is not null)
                market.Publish(EventKind.Orderbook, json, receiveTime);
        }
    }

    private void ApplyTicker(MarketState market, ReadOnlyMemory<byte> payload)
    {
        var ticker = Ticker.ReadRoot(_reader);
        lock (market.Gate)
        {
            var seq = ++market.Seq;
            if (market.SubscriberCount > 0)
            {
                // Kept for a slow subscriber's catch-up; a market's tickers are mostly one size, so the buffer is reused.
                if (market.LastTicker?.Length != payload.Length)
                    market.LastTicker = new byte[payload.Length];
                payload.Span.CopyTo(market.LastTicker);
                market.Publish(EventKind.Ticker, EventJson.Ticker(ticker, market.Ticker, seq), ticker.ReceiveTime);
            }
            else
            {
                market.LastTicker = null;
            }
        }
    }

    private void ApplyStatus(MarketState market)
    {
        var status = MarketStatus.ReadRoot(_reader);
        lock (market.Gate)
        {
            var seq = ++market.Seq;
            market.Status = status.Status;
            // Book changes were lost: the book is wrong until the fresh snapshot that follows. (A loss of
            // trades or lifecycle frames, marked otherwise, leaves it whole.)
            if (status.Event == LifecycleEvent.DataLoss && status.RawEventType.Equals(DataLossMarkers.Book.AsSpan()))
                market.BookKnown = false;
            if (market.SubscriberCount > 0)
                market.Publish(EventKind.Status, EventJson.Status(status, market.Ticker, seq), status.ReceiveTime);
        }
    }
}
