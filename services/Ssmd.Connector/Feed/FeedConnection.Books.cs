using Ssmd.Connector.Internal;
using Ssmd.Connector.Kalshi;
using Ssmd.Connector.Publishing;
using Ssmd.Kalshi;
using Ssmd.Kalshi.Messages;

namespace Ssmd.Connector.Feed;

internal sealed partial class FeedConnection
{
    // A snapshot replaces the whole book (it may be empty, e.g. at close) and releases held-back deltas.
    private void OnSnapshot(FeedSession session, KalshiOrderbookSnapshot snapshot, OutboundFrame frame, string messageId, long seq)
    {
        if (!session.Books.TryGetValue(snapshot.MarketTicker, out var book))
        {
            book = new KalshiBook();
            session.Books[snapshot.MarketTicker] = book;
        }

        book.Replace(snapshot.Yes, snapshot.No, _context.Options.UseYesPrice);
        session.AwaitingSnapshot.Remove(snapshot.MarketTicker);
        _normalizer.Snapshot(frame, messageId, snapshot, book, seq);
    }

    private void OnDelta(FeedSession session, KalshiOrderbookDelta delta, OutboundFrame frame, string messageId, long seq)
    {
        var ticker = delta.MarketTicker;
        if (session.AwaitingSnapshot.Contains(ticker))
        {
            NotNormalized("orderbook_delta", "awaiting_snapshot", frame.Sid, seq, ticker);
            return;
        }

        if (!session.Books.TryGetValue(ticker, out var book))
        {
            NotNormalized("orderbook_delta", "unknown_market", frame.Sid, seq, ticker);
            return;
        }

        KalshiSize newSize;
        try
        {
            newSize = book.Apply(delta.Side, delta.Price, delta.Delta, _context.Options.UseYesPrice);
        }
        catch (InvalidOperationException e)
        {
            // Our book and the exchange's disagree: never publish a book we know is wrong, and say so.
            NotNormalized("orderbook_delta", "negative_size", frame.Sid, seq, $"{ticker}: {e.Message}");
            PublishLoss([ticker], messageId + ":bad");
            RequestSnapshots(session, [ticker]);
            return;
        }

        _normalizer.Delta(frame, messageId, delta, newSize, _context.Options.UseYesPrice, seq);
    }

    // Every SnapshotRefreshInterval an orderbook connection asks for fresh snapshots of all its markets, so
    // the stream always holds a recent one per book: a reader starting from the stream's oldest message (the
    // gateway after a restart, once maxBytes has trimmed old days) rebuilds exact books. Checked on the read
    // loop, which owns the session's book state; a quiet connection has nothing to refresh.
    private void RefreshSnapshotsWhenDue(FeedSession session, long now)
    {
        var interval = _context.Options.SnapshotRefreshInterval;
        if (interval <= TimeSpan.Zero || !IsOrderbook || _context.Time.GetElapsedTime(session.SnapshotsAskedAt, now) < interval)
            return;
        session.SnapshotsAskedAt = now;
        // Only books this session holds for markets the connection still carries: a market whose add_markets
        // is unanswered may not be in the subscription yet (and a refused get_snapshot replaces the whole
        // connection). A removed market's book is dropped here, on the loop that owns the books; over a day of
        // settling markets they would otherwise pile up until the next reconnect.
        string[] wanted;
        lock (_markets)
        {
            foreach (var ticker in session.Books.Keys.Where(t => !_markets.Contains(t)).ToList())
                session.Books.Remove(ticker);
            wanted = [.. session.Books.Keys];
        }

        RequestSnapshots(session, wanted);
    }

    // get_snapshot for the given markets (all of this connection's when null) without interrupting the
    // delta stream; their deltas are held back until the snapshots arrive. If Kalshi refuses, the reply
    // handler replaces the connection, which resubscribes with fresh snapshots.
    private void RequestSnapshots(FeedSession session, IReadOnlyCollection<string>? tickers)
    {
        if (session.OrderbookSid is not { } sid)
            return;
        string[] wanted;
        if (tickers is null)
        {
            lock (_markets)
                wanted = [.. _markets];
        }
        else
        {
            wanted = [.. tickers];
        }

        if (wanted.Length == 0)
            return;
        session.AwaitingSnapshot.UnionWith(wanted);
        _context.Stats.CountResync();
        var id = session.NextCommandId();
        session.SnapshotCommands.Add(id);
        _ = SendSnapshotRequestAsync(session, id, sid, wanted);
    }

    private async Task SendSnapshotRequestAsync(FeedSession session, long id, long sid, string[] tickers)
    {
        try
        {
            await session.SendAsync(b => KalshiCommandWriter.WriteUpdateSubscription(b, id, sid, "get_snapshot", tickers), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is ending; the next one starts with fresh snapshots anyway.
            ConnectorLog.Disconnected(_logger, Name, "get_snapshot could not be sent", TimeSpan.Zero, e);
        }
    }

    // Trades missed in a gap (or dropped while NATS was away) come back from REST, deduplicated by trade_id.
    private void Backfill(long sinceMs)
    {
        var since = sinceMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(sinceMs) : _context.Time.GetUtcNow().AddMinutes(-1);
        _ = BackfillAsync(since.AddSeconds(-1));
    }

    private const int BackfillAttempts = 5;

    private async Task BackfillAsync(DateTimeOffset since)
    {
        var normalizer = new FrameNormalizer(_context.Feed);
        for (var attempt = 1; attempt <= BackfillAttempts; attempt++)
        {
            try
            {
                var trades = await _context.Rest.GetTradesSinceAsync(since, CancellationToken.None).ConfigureAwait(false);
                var added = 0;
                foreach (var trade in trades)
                {
                    if (!_context.TradeIds.Add(trade.TradeId))
                        continue;
                    var frame = new OutboundFrame { ReceiveNanoseconds = _context.NowNanoseconds() };
                    normalizer.Trade(frame, trade);
                    await _context.Queue.EnqueueAsync(frame, CancellationToken.None).ConfigureAwait(false);
                    added++;
                    _context.Stats.CountBackfilledTrade();
                }

                ConnectorLog.Backfilled(_logger, added, since);
                return;
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                return; // stopping: the publisher drains what is queued
            }
            catch (Exception e) when (KalshiRestFailure.IsTransient(e) && attempt < BackfillAttempts)
            {
                ConnectorLog.BackfillFailed(_logger, _context.Rest.RestUrl, e);
                await Task.Delay(TimeSpan.FromSeconds(attempt * 2), _context.Time).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Nobody awaits a backfill: whatever ends it here is said, never left as an unobserved fault.
                _context.Stats.CountBackfillAbandoned();
                ConnectorLog.BackfillAbandoned(_logger, _context.Rest.RestUrl, since, attempt, e);
                return;
            }
        }
    }
}
