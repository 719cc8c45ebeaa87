using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Ssmd.Connector.Internal;
using Ssmd.Connector.Publishing;
using Ssmd.Kalshi.Messages;
using Ssmd.Streams;

namespace Ssmd.Connector.Feed;

internal sealed partial class FeedConnection
{
    /// <summary>Frames larger than this are cut off, counted malformed and skipped (no Kalshi frame comes near it).</summary>
    internal const int MaxFrameBytes = 16 * 1024 * 1024;

    private int _framesSinceTrace;

    private static readonly ActivitySource Tracing = new("Ssmd.Connector");

    // Reads frames until the socket ends. Never waits on NATS: each frame is parsed, checked and queued
    // (or, with the queue full, dropped and counted), then the next is read.
    private async Task<string> ReadLoopAsync(FeedSession session, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (true)
            {
                var length = 0;
                var oversized = false;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= MaxFrameBytes)
                        {
                            oversized = true;
                            length = 0;
                        }
                        else
                        {
                            var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                            buffer.AsSpan(0, length).CopyTo(larger);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                        }
                    }

                    result = await session.Socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                        return $"closed by Kalshi ({session.Socket.CloseStatus} {session.Socket.CloseStatusDescription})";
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (oversized)
                {
                    _context.Stats.CountReceived("malformed");
                    NotNormalized(null, "malformed_json", null, null, $"frame over {MaxFrameBytes} bytes skipped");
                    continue;
                }

                OnFrame(session, buffer.AsSpan(0, length));
                if (_context.Queue.ShouldPace)
                    await PaceAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            session.FailPending();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The publisher is behind: give it a bounded moment before reading on (see PublishQueue).
    private async ValueTask PaceAsync(CancellationToken cancellationToken)
    {
        var wait = _context.Options.SlowNatsWait;
        if (await _context.Queue.WaitBelowSlowDepthAsync(wait, _context.Time, cancellationToken).ConfigureAwait(false) == PaceOutcome.StalledNow)
            ConnectorLog.NatsStalled(_logger, _context.Queue.SlowDepth, wait);
    }

    internal void OnFrame(FeedSession session, ReadOnlySpan<byte> bytes)
    {
        var receiveNs = _context.NowNanoseconds();
        using var activity = Tracing.HasListeners() && ++_framesSinceTrace >= _context.Options.TraceOneFrameIn
            ? StartFrameActivity()
            : null;
        KalshiFrame? parsed = null;
        string typeName;
        string? reason = null;
        string? detail = null;
        long? sid = null, seq = null;
        try
        {
            parsed = KalshiFrameReader.Read(bytes);
            typeName = parsed.TypeName;
            sid = parsed.Sid;
            seq = parsed.Seq;
            _context.Stats.CountReceived(ConnectorStats.TypeLabel(parsed.Type));
        }
        catch (KalshiProtocolException e)
        {
            // Not JSON at all (whatever type it seemed to start with) is "malformed"; JSON of a known type
            // with a field of the wrong shape keeps its type.
            var notJson = e.FrameType is null || e.InnerException is System.Text.Json.JsonException;
            typeName = notJson ? "malformed" : e.FrameType!;
            sid = e.Sid;
            seq = e.Seq;
            reason = notJson ? "malformed_json" : "invalid_fields";
            detail = e.Message;
            _context.Stats.CountReceived(notJson ? "malformed" : ConnectorStats.TypeLabel(KalshiFrameReader.TypeOf(typeName)));
        }

        var raw = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(raw);
        var frameNumber = ++session.FrameNumber;
        var rawId = string.Create(CultureInfo.InvariantCulture, $"{_context.Run.Id}:{Name}:{session.Generation}:{frameNumber}");
        var frame = new OutboundFrame
        {
            RawBuffer = raw,
            RawLength = bytes.Length,
            RawSubject = RawSubject(typeName),
            RawMessageId = rawId,
            ReceiveNanoseconds = receiveNs,
            Sid = sid,
            Seq = seq,
            UseYesPrice = parsed?.Type is KalshiMessageType.OrderbookSnapshot or KalshiMessageType.OrderbookDelta ? _context.Options.UseYesPrice : null,
            TraceParent = activity?.Id,
        };

        if (parsed is null)
        {
            NotNormalized(typeName, reason!, sid, seq, detail!, bytes);
        }
        else
        {
            var now = _context.Time.GetTimestamp();
            session.Alive(now);
            Route(session, parsed, frame, rawId);
            RefreshSnapshotsWhenDue(session, now);
        }

        if (_context.Queue.TryEnqueue(frame))
        {
            // Only trades on their way to JetStream move the mark a backfill starts from.
            if (frame.TradeMs > _lastTradeMs)
                _lastTradeMs = frame.TradeMs;
            if (_recoverWhenRoom && _context.Queue.Count < _context.Queue.Capacity / 2)
            {
                _recoverWhenRoom = false;
                RecoverAfterLoss(session, rawId);
            }

            return;
        }

        // NATS is not keeping up and the buffer is full: this frame is lost. Count it, say so once, and
        // repair what can be repaired (books re-snapshotted, trades backfilled) when there is room again.
        frame.Release();
        if (frame.TradeId is { } tradeId)
            _context.TradeIds.Forget(tradeId); // so the repair's backfill publishes it
        if (_context.Stats.Dropped == 0)
            ConnectorLog.BufferFull(_logger, _context.Queue.Capacity, Name);
        _context.Stats.CountDropped();
        if (_lossFromTradeMs == 0 && Channels.Contains("trade"))
        {
            // Trades after the last queued one may be lost. With none queued yet, from this frame's own trade
            // time, else from now: never from a trade queued later, after the loss began.
            _lossFromTradeMs = _lastTradeMs > 0 ? _lastTradeMs
                : frame.TradeMs > 0 ? frame.TradeMs
                : _context.Time.GetUtcNow().ToUnixTimeMilliseconds();
        }
        if (!_recoverWhenRoom)
        {
            _recoverWhenRoom = true;
            lock (_markets)
                session.AwaitingSnapshot.UnionWith(_markets);
        }

        // A dropped snapshot (or a delta after one) leaves that book's stream incomplete again: hold its
        // deltas until the snapshot the recovery asks for.
        if (parsed?.Message is KalshiOrderbookSnapshot { MarketTicker: var snapshotTicker })
            session.AwaitingSnapshot.Add(snapshotTicker);
        else if (parsed?.Message is KalshiOrderbookDelta { MarketTicker: var deltaTicker })
            session.AwaitingSnapshot.Add(deltaTicker);
    }

    private Activity? StartFrameActivity()
    {
        _framesSinceTrace = 0;
        return Tracing.StartActivity("kalshi.frame", ActivityKind.Producer);
    }

    private void Route(FeedSession session, KalshiFrame parsed, OutboundFrame frame, string rawId)
    {
        if (parsed.Type is KalshiMessageType.Subscribed or KalshiMessageType.Ok or KalshiMessageType.Unsubscribed or KalshiMessageType.Error)
        {
            OnReply(session, parsed, rawId);
            _context.Stats.CountNotNormalized("raw_only");
            return;
        }

        if (parsed.Sid is { } sid && parsed.Seq is { } seq && !CheckSequence(session, sid, seq, rawId))
        {
            _context.Stats.CountNotNormalized("duplicate");
            return;
        }

        var seqValue = parsed.Seq ?? 0;
        switch (parsed.Message)
        {
            case KalshiOrderbookSnapshot snapshot:
                OnSnapshot(session, snapshot, frame, rawId + ":0", seqValue);
                break;
            case KalshiOrderbookDelta delta:
                OnDelta(session, delta, frame, rawId + ":0", seqValue);
                break;
            case KalshiTrade trade:
                if (_context.TradeIds.Add(trade.TradeId))
                {
                    _normalizer.Trade(frame, trade, seqValue);
                    frame.TradeMs = trade.TsMs ?? (trade.Ts * 1000) ?? 0;
                }
                else
                    _context.Stats.CountNotNormalized("duplicate_trade");
                break;
            case KalshiTicker ticker:
                _normalizer.Ticker(frame, rawId + ":0", ticker);
                break;
            case KalshiMarketLifecycle lifecycle:
                if (lifecycle.EventType == "close_date_updated" && lifecycle.CloseTs is { } close)
                    _context.Directory.SetCloseTime(lifecycle.MarketTicker, close);
                _normalizer.Status(frame, rawId + ":0", lifecycle, seqValue, _context.Directory.KnownStatus(lifecycle.MarketTicker, frame.ReceiveNanoseconds / 1_000_000_000));
                _context.Post(new MarketEvent(lifecycle.MarketTicker, lifecycle.EventType));
                break;
            case KalshiEventLifecycle:
                _context.Stats.CountNotNormalized("raw_only");
                break;
            default:
                if (parsed.Type == KalshiMessageType.Unknown)
                    NotNormalized(parsed.TypeName, "unknown_type", parsed.Sid, parsed.Seq, "unknown message type", default);
                else
                    NotNormalized(parsed.TypeName, "invalid_fields", parsed.Sid, parsed.Seq, "no msg", default);
                break;
        }
    }

    private void OnReply(FeedSession session, KalshiFrame parsed, string rawId)
    {
        // Replies take a number from their sid's sequence (CORRECTIONS.md A.1): the reply's own number is
        // not a gap, but a jump past it is one all the same (the frames before the reply were lost).
        if (parsed.Sid is { } sid && parsed.Seq is { } seq)
            CheckSequence(session, sid, seq, rawId);

        if (parsed.Message is KalshiError error)
        {
            ConnectorLog.KalshiError(_logger, Name, error.Code, error.Message, parsed.Sid, parsed.Id);
            var terminal = error.Code is KalshiErrorCodes.SubscriptionBufferOverflow or KalshiErrorCodes.ChannelError;
            var snapshotRefused = parsed.Id is { } id && session.SnapshotCommands.Contains(id);
            if (terminal || snapshotRefused)
            {
                // The subscription is gone (or cannot be repaired in place): a new connection restores
                // every subscription with fresh snapshots, and the trade gap is backfilled.
                _context.Stats.CountResync();
                session.Socket.Abort();
                return;
            }
        }

        if (parsed.Message is KalshiSubscribed { Channel: { } channel, Sid: { } subscribedSid })
            Register(session, channel, subscribedSid);
        session.TryCompleteCommand(parsed);
    }

    // True when the frame is new; false for a duplicate. A gap starts the channel's repair.
    private bool CheckSequence(FeedSession session, long sid, long seq, string rawId)
    {
        if (!session.LastSeq.TryGetValue(sid, out var last))
        {
            session.LastSeq[sid] = seq; // the first seq of a sid need not be 1
            return true;
        }

        if (seq <= last)
            return false;
        session.LastSeq[sid] = seq;
        if (seq == last + 1)
            return true;

        string channel;
        lock (session.Channels)
            channel = session.Channels.GetValueOrDefault(sid, "unknown");
        _context.Stats.CountGap(channel);
        ConnectorLog.Gap(_logger, Name, sid, channel, last + 1, seq);
        switch (channel)
        {
            case "orderbook_delta":
                // Some book lost a change: every book of the connection is marked (a client or a backtest then
                // holds no book it cannot trust) until the fresh snapshots asked for here.
                PublishLoss(Markets(), rawId + ":gap");
                RequestSnapshots(session, null);
                break;
            case "trade":
                Backfill(_lastTradeMs);
                break;
            case "market_lifecycle_v2":
                _context.Post(MarketEvent.Sweep);
                break;
        }

        return true;
    }

    private void RecoverAfterLoss(FeedSession session, string rawId)
    {
        ReportLoss(IsOrderbook ? Markets() : _context.CapturedMarkets(), rawId);
        if (IsOrderbook)
            RequestSnapshots(session, null);
        if (Channels.Contains("trade"))
        {
            Backfill(_lossFromTradeMs > 0 ? _lossFromTradeMs : _lastTradeMs);
            _lossFromTradeMs = 0;
        }

        if (Channels.Contains("market_lifecycle_v2"))
            _context.Post(MarketEvent.Sweep);
    }

    // One dataLoss status per market whose frames were dropped, published ahead of the repair (fresh
    // snapshots, backfilled trades), so a client or a backtest knows where the hole is.
    private void ReportLoss(IReadOnlyCollection<string> markets, string rawId)
    {
        ConnectorLog.ReportingLoss(_logger, Name, markets.Count);
        PublishLoss(markets, rawId + ":loss");
    }

    // The dataLoss statuses themselves, queued ahead of the frame being handled; ids "{idPrefix}:{n}".
    private void PublishLoss(IReadOnlyCollection<string> markets, string idPrefix)
    {
        if (markets.Count == 0)
            return;
        var frame = new OutboundFrame { ReceiveNanoseconds = _context.NowNanoseconds() };
        var index = 0;
        foreach (var ticker in markets)
            _normalizer.DataLoss(frame, $"{idPrefix}:{index++}", ticker, _context.Directory.KnownStatus(ticker, frame.ReceiveNanoseconds / 1_000_000_000), book: IsOrderbook);
        // Full again already: the raw stream's ssmd_data_loss marker and the counters still tell.
        if (!_context.Queue.TryEnqueue(frame))
        {
            ConnectorLog.LossEventsDropped(_logger, Name, markets.Count);
            frame.Release();
        }
    }

    private string RawSubject(string typeName)
    {
        if (!_rawSubjects.TryGetValue(typeName, out var subject))
        {
            subject = SsmdSubjects.Raw(_context.Feed, typeName);
            if (_rawSubjects.Count < 256)
                _rawSubjects[typeName] = subject; // unknown types could be many: cache a bounded set
        }

        return subject;
    }

    // Logged with context the first times a reason is seen, then every 1000th (the counter has them all).
    private void NotNormalized(string? type, string reason, long? sid, long? seq, string detail, ReadOnlySpan<byte> bytes = default)
    {
        var count = _context.Stats.CountNotNormalized(reason);
        if (count <= 20 || count % 1000 == 0)
        {
            var sample = bytes.IsEmpty ? "" : " — " + System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 200)]);
            ConnectorLog.NotNormalized(_logger, Name, reason, type, sid, seq, detail + sample);
        }
    }
}
