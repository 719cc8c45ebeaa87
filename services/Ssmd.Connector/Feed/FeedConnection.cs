using System.Net.Sockets;
using System.Net.WebSockets;
using Ssmd.Connector.Internal;
using Ssmd.Kalshi.Auth;
using Ssmd.Kalshi.Messages;

namespace Ssmd.Connector.Feed;

/// <summary>
/// One Kalshi WebSocket, kept open: connect (signed), subscribe its channels, read until it fails, and
/// reconnect with exponential backoff and jitter, restoring every subscription. The firehose connection
/// carries <c>ticker</c>, <c>trade</c> and <c>market_lifecycle_v2</c> for every market; each orderbook
/// connection carries one <c>orderbook_delta</c> subscription for its share of the markets.
/// </summary>
internal sealed partial class FeedConnection
{
    private readonly FeedContext _context;
    private readonly ILogger _logger;
    private readonly HashSet<string> _markets;
    private readonly FrameNormalizer _normalizer;
    private readonly Dictionary<string, string> _rawSubjects = new(StringComparer.Ordinal);
    private FeedSession? _session;
    private int _generation;

    // One orderbook subscription change at a time (the orchestrator's, or the session catching up after its
    // subscribe is answered), so each market added or removed is sent once.
    private readonly SemaphoreSlim _orderbookChanges = new(1, 1);

    // Exchange time (ms) of the last trade queued for JetStream: where a backfill starts after a gap.
    private long _lastTradeMs;

    // _lastTradeMs when frames were first dropped (buffer full), until the repair's backfill is asked
    // for: trades queued between the first drop and the repair must not move the backfill's start past
    // the dropped ones. -1 = dropped before any trade was queued; 0 = nothing dropped.
    private long _lossFromTradeMs;

    // Frames were dropped (buffer full): report the loss, re-snapshot and backfill once there is room,
    // on whichever session of this connection gets there (the one that dropped may be gone by then).
    private bool _recoverWhenRoom;

    // _lastTradeMs when the previous session ended: where the backfill after a reconnect starts. Kept
    // apart because the new session's first trades move _lastTradeMs before that backfill is asked for.
    private long _resumeTradesMs;

    public FeedConnection(FeedContext context, string name, IReadOnlyList<string> channels, IEnumerable<string> markets)
    {
        _context = context;
        Name = name;
        Channels = channels;
        IsOrderbook = channels.Contains("orderbook_delta");
        _markets = new HashSet<string>(markets, StringComparer.Ordinal);
        _normalizer = new FrameNormalizer(context.Feed);
        _logger = context.Loggers.CreateLogger("Ssmd.Connector.Feed");
    }

    public string Name { get; }

    public IReadOnlyList<string> Channels { get; }

    // Read on every frame (the snapshot refresh): decided once.
    public bool IsOrderbook { get; }

    /// <summary>Markets of this connection's orderbook subscription.</summary>
    public int MarketCount
    {
        get
        {
            lock (_markets)
                return _markets.Count;
        }
    }

    public bool IsConnected { get; private set; }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; throws <see cref="ConnectorFatalException"/> when it must not go on.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = _context.Options.ReconnectMinDelay;
        var downSince = _context.Time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            Exception? failure = null;
            string reason;
            try
            {
                reason = await RunSessionAsync(cancellationToken).ConfigureAwait(false);
                delay = _context.Options.ReconnectMinDelay;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (WebSocketException e) when (IsRefused(e))
            {
                ConnectorLog.Refused(_logger, (int)e.Data["StatusCode"]!);
                throw new ConnectorFatalException($"Kalshi refused the WebSocket handshake of {Name} ({e.Message}); check Connector:ApiKeyId and the private key.", e);
            }
            catch (Exception e) when (e is not ConnectorFatalException)
            {
                // Whatever ended the session, a connection never dies silently: it is logged and replaced.
                failure = e;
                reason = $"{e.GetType().Name}: {e.Message}";
            }
            finally
            {
                if (IsConnected)
                {
                    IsConnected = false;
                    _context.Stats.AddConnected(-1);
                    downSince = _context.Time.GetTimestamp();
                }
            }

            if (cancellationToken.IsCancellationRequested)
                return;
            var down = _context.Time.GetElapsedTime(downSince);
            if (down > _context.Options.GiveUpAfter)
            {
                ConnectorLog.GivingUp(_logger, down);
                throw new ConnectorFatalException($"No connection to Kalshi for {down} on {Name}.", failure);
            }

            _context.Stats.CountReconnect();
            var jittered = TimeSpan.FromTicks((long)(delay.Ticks * (0.5 + Random.Shared.NextDouble())));
            ConnectorLog.Disconnected(_logger, Name, reason, jittered, failure);
            await Task.Delay(jittered, _context.Time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _context.Options.ReconnectMaxDelay.Ticks));
        }
    }

    /// <summary>
    /// Adds markets to the orderbook subscription (<c>update_subscription add_markets</c>, or <c>subscribe</c>
    /// when the connection has none: it had no market when it connected); their snapshots follow on the stream.
    /// </summary>
    public async Task AddMarketsAsync(IReadOnlyCollection<string> tickers, CancellationToken cancellationToken)
    {
        lock (_markets)
            _markets.UnionWith(tickers);
        await SyncOrderbookAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes markets (settled) with <c>delete_markets</c>, never by tearing down the shared subscription.</summary>
    public async Task RemoveMarketsAsync(IReadOnlyCollection<string> tickers, CancellationToken cancellationToken)
    {
        lock (_markets)
            _markets.ExceptWith(tickers);
        await SyncOrderbookAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A copy of this connection's markets.</summary>
    public string[] Markets()
    {
        lock (_markets)
            return [.. _markets];
    }

    public bool Holds(string ticker)
    {
        lock (_markets)
            return _markets.Contains(ticker);
    }

    // Sends what changed in _markets since the session's orderbook subscription was asked for. Called after
    // every change, and by the session once its subscribe is answered: a market added while the reply was
    // awaited is sent then. A session not up yet sends the whole set when it subscribes.
    private async Task SyncOrderbookAsync(CancellationToken cancellationToken)
    {
        await _orderbookChanges.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_session is not { } session || !IsConnected)
                return;
            string[] added, removed, all;
            lock (_markets)
            {
                added = [.. _markets.Where(m => !session.OrderbookMarkets.Contains(m))];
                removed = [.. session.OrderbookMarkets.Where(m => !_markets.Contains(m))];
                session.OrderbookMarkets.UnionWith(added);
                session.OrderbookMarkets.ExceptWith(removed);
                all = [.. session.OrderbookMarkets];
            }

            if (session.OrderbookSid is { } sid)
            {
                if (removed.Length > 0)
                    await UpdateAsync(session, sid, "delete_markets", removed, cancellationToken).ConfigureAwait(false);
                if (added.Length > 0)
                    await UpdateAsync(session, sid, "add_markets", added, cancellationToken).ConfigureAwait(false);
            }
            else if (added.Length > 0)
            {
                // Connected with no market, so never subscribed (Kalshi refuses an empty one): subscribe now.
                await ReplaceOnFailureAsync(session, () => SubscribeChannelAsync(session, "orderbook_delta", all, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _orderbookChanges.Release();
        }
    }

    private Task UpdateAsync(FeedSession session, long sid, string action, IReadOnlyCollection<string> tickers, CancellationToken cancellationToken) =>
        ReplaceOnFailureAsync(session, async () =>
        {
            var reply = await session.CommandAsync((b, id) => KalshiCommandWriter.WriteUpdateSubscription(b, id, sid, action, tickers), _context.Options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            if (reply.Message is KalshiError error)
            {
                // The subscription no longer matches what we hold: a fresh one restores it.
                ConnectorLog.KalshiError(_logger, Name, error.Code, error.Message, sid, reply.Id);
                session.Socket.Abort();
            }
        }, cancellationToken);

    private static async Task ReplaceOnFailureAsync(FeedSession session, Func<Task> command, CancellationToken cancellationToken)
    {
        try
        {
            await command().ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or WebSocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The connection is failing (or Kalshi refused the subscription); the reconnect restores the full market set.
            session.Socket.Abort();
        }
    }

    private async Task<string> RunSessionAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = _context.Options.PingInterval;
        socket.Options.KeepAliveTimeout = _context.Options.WatchdogTimeout;
        socket.Options.CollectHttpResponseDetails = true;
        _context.Credentials.Apply("GET", KalshiAuthHeaders.WebSocketPath, socket.Options.SetRequestHeader, _context.Time);
        using var session = new FeedSession(socket, ++_generation, _context.Time.GetTimestamp());
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(_context.Options.CommandTimeout);
        try
        {
            await socket.ConnectAsync(_context.WebSocketUrl, Invoker, connectTimeout.Token).ConfigureAwait(false);
        }
        catch (WebSocketException e) when (socket.HttpStatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            e.Data["StatusCode"] = (int)socket.HttpStatusCode;
            throw;
        }

        var established = false;
        using var sessionEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadLoopAsync(session, sessionEnd.Token);
        var watchdog = WatchdogAsync(session, sessionEnd.Token);
        try
        {
            await SubscribeAsync(session, cancellationToken).ConfigureAwait(false);
            _session = session;
            IsConnected = true;
            _context.Stats.AddConnected(1);
            ConnectorLog.Connected(_logger, Name, session.Generation, string.Join(",", Channels), MarketCount);
            if (session.Generation > 1 && Channels.Contains("trade"))
                Backfill(_resumeTradesMs); // trades made while we were away
            if (session.Generation > 1 && Channels.Contains("market_lifecycle_v2"))
                _context.Post(MarketEvent.Sweep); // markets created while we were away: their `created` went to no one
            established = true;
            if (IsOrderbook)
                await SyncOrderbookAsync(cancellationToken).ConfigureAwait(false); // markets changed while the subscribe awaited its reply
            return await reading.ConfigureAwait(false);
        }
        finally
        {
            _session = null;
            await sessionEnd.CancelAsync().ConfigureAwait(false);
            socket.Abort();
            await Task.WhenAll(reading, watchdog).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            // The read loop has stopped: no trade of this session comes after _lastTradeMs. A session that
            // never got as far as its backfill leaves the mark where it was, so the next one covers its gap too.
            if (established || session.Generation == 1)
            {
                _resumeTradesMs = _lossFromTradeMs > 0 && (_lastTradeMs == 0 || _lossFromTradeMs < _lastTradeMs) ? _lossFromTradeMs : _lastTradeMs;
                _lossFromTradeMs = 0; // the next session's backfill covers the loss
            }
        }
    }

    private async Task SubscribeAsync(FeedSession session, CancellationToken cancellationToken)
    {
        // One command per channel (one sid each), replies matched by id whatever their shape.
        foreach (var channel in Channels)
        {
            string[]? tickers = null;
            if (channel == "orderbook_delta")
            {
                lock (_markets)
                {
                    tickers = [.. _markets];
                    session.OrderbookMarkets.UnionWith(tickers);
                }

                if (tickers.Length == 0)
                    continue; // an empty market set is normal: subscribe when markets arrive (SyncOrderbookAsync)
            }

            await SubscribeChannelAsync(session, channel, tickers, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SubscribeChannelAsync(FeedSession session, string channel, string[]? tickers, CancellationToken cancellationToken)
    {
        var useYesPrice = channel == "orderbook_delta" ? _context.Options.UseYesPrice : (bool?)null;
        var reply = await session.CommandAsync(
            (b, id) => KalshiCommandWriter.WriteSubscribe(b, id, [channel], tickers, useYesPrice),
            _context.Options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        switch (reply.Message)
        {
            case KalshiSubscribed { Sid: { } sid }:
                Register(session, channel, sid);
                break;
            case KalshiOk when reply.Sid is { } okSid:
                Register(session, channel, okSid);
                break;
            case KalshiError error:
                ConnectorLog.KalshiError(_logger, Name, error.Code, error.Message, reply.Sid, reply.Id);
                throw new WebSocketException($"Kalshi refused the {channel} subscription: {error.Code} {error.Message}");
            default:
                if (reply.Sid is { } sid2)
                    Register(session, channel, sid2);
                break;
        }
    }

    private static void Register(FeedSession session, string channel, long sid)
    {
        lock (session.Channels)
            session.Channels[sid] = channel;
        if (channel == "orderbook_delta")
            session.OrderbookSid = sid;
    }

    // Pings are the socket's (KeepAliveInterval/Timeout abort a socket whose pong is late); this also
    // sends a list_subscriptions probe, whose reply proves the server end is alive, and replaces a
    // connection from which nothing good came for WatchdogTimeout. It runs on its own timer, so a stuck
    // read cannot block it, and errors never feed it.
    private async Task WatchdogAsync(FeedSession session, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_context.Options.PingInterval, _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var silence = _context.Time.GetElapsedTime(session.LastAliveTicks);
                if (silence > _context.Options.WatchdogTimeout)
                {
                    ConnectorLog.WatchdogFired(_logger, Name, silence);
                    session.Socket.Abort();
                    return;
                }

                using var sendTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                sendTimeout.CancelAfter(_context.Options.CommandTimeout);
                try
                {
                    var id = session.NextCommandId();
                    await session.SendAsync(b => KalshiCommandWriter.WriteListSubscriptions(b, id), sendTimeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // A send that cannot complete is a dead peer: the silence check above ends it.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (WebSocketException)
        {
            // The socket failed; the read loop reports it.
        }
    }

    private static bool IsRefused(WebSocketException e) => e.Data.Contains("StatusCode");

    private static readonly HttpMessageInvoker Invoker = new(new SocketsHttpHandler
    {
        // TCP keepalive: a dead peer is found by the kernel even when no frame is due.
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 10);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });
}
