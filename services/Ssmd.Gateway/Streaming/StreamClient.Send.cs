using System.Net.WebSockets;
using Ssmd.Gateway.Internal;
using Ssmd.Gateway.Protocol;

namespace Ssmd.Gateway.Streaming;

internal sealed partial class StreamClient
{
    private (WebSocketCloseStatus Status, string Reason, DisconnectReason Why)? _close;

    /// <summary>How long a client has to answer the gateway's close frame before the connection is cut.</summary>
    private static readonly TimeSpan CloseAnswer = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Serves the client until it closes, floods, stops taking data or the gateway stops: the receive loop
    /// runs here, the send loop beside it. When the gateway stops, what is queued is sent first (each send
    /// still bounded by the slow-client timeout), then a close frame with 1001. Always returns with every
    /// subscription dropped.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<string> initialSymbols, CommandError? initialError, CancellationToken stopping)
    {
        // Not linked to the stop: cancelling a send or a receive aborts the socket, and no close frame gets out.
        using var sendTimeout = new CancellationTokenSource();
        var reason = DisconnectReason.Closed;
        try
        {
            if (initialError is { } error)
                Error(error.Code, error.Message);
            else if (initialSymbols.Count > 0)
                Subscribe(initialSymbols, null);
            using var stop = stopping.Register(static client => ((StreamClient)client!)._queue.Writer.TryComplete(), this);
            var sending = SendLoopAsync(sendTimeout);
            var receiving = ReceiveUntilClosedAsync();
            if (await Task.WhenAny(receiving, sending).ConfigureAwait(false) == receiving)
                _queue.Writer.TryComplete();
            reason = await sending.ConfigureAwait(false);
            if (_close is { } close && reason == DisconnectReason.Closed)
                reason = close.Why;
            if (stopping.IsCancellationRequested && reason == DisconnectReason.Closed)
                reason = DisconnectReason.Shutdown;
            await CloseAsync(reason).ConfigureAwait(false);

            // The client's answer to the close frame ends the receive loop; a client that does not answer is cut off.
            if (!receiving.IsCompleted && await Task.WhenAny(receiving, Task.Delay(CloseAnswer, CancellationToken.None)).ConfigureAwait(false) != receiving)
                _socket.Abort();
            await receiving.ConfigureAwait(false);
        }
        finally
        {
            UnsubscribeAll();
            _stats.AddDisconnect(reason);
            GatewayLog.ClientDisconnected(_logger, Id, KeyName, reason, EventsSent);
        }
    }

    /// <summary>The receive loop until the client closes or the connection ends (dropped, or aborted by the send loop or a stop).</summary>
    private async Task ReceiveUntilClosedAsync()
    {
        try
        {
            await ReceiveLoopAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection dropped or was aborted; the send loop says why.
        }
    }

    private async Task<DisconnectReason> SendLoopAsync(CancellationTokenSource sendTimeout)
    {
        // Leave the caller's thread before the first await: the receive loop starts at once.
        await Task.Yield();
        var reader = _queue.Reader;
        // One timer per client, armed when a burst of sends starts and re-armed only once a quarter of the
        // timeout has passed since: a send that takes nothing for ¾ to all of the timeout is aborted, and
        // an event costs no timer operation (two per send before).
        var timeout = _options.SlowClientTimeout;
        var rearmAfter = (long)timeout.TotalMilliseconds / 4;
        var armedAt = 0L;
        var armed = false;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_close is null && reader.TryRead(out var e))
                {
                    Interlocked.Decrement(ref _depth);
                    var now = Environment.TickCount64;
                    if (!armed || now - armedAt >= rearmAfter)
                    {
                        sendTimeout.CancelAfter(timeout);
                        armedAt = now;
                        armed = true;
                    }

                    await _socket.SendAsync(e.Json.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, sendTimeout.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _sent);
                    _stats.AddSent(e.Kind);
                    _metrics.RecordLatency(e.ReceiveTime, EventJson.NowNanos());
                    if (!_resync.IsEmpty && Volatile.Read(ref _depth) < _resyncBelow)
                        Resync();
                }

                if (armed)
                {
                    sendTimeout.CancelAfter(Timeout.InfiniteTimeSpan);
                    armed = false;
                }

                if (_close is not null)
                    break;
                if (!_resync.IsEmpty)
                    Resync();
            }

            return DisconnectReason.Closed;
        }
        catch (OperationCanceledException)
        {
            GatewayLog.SlowConsumer(_logger, Id, KeyName, _options.SlowClientTimeout);
            _close = (WebSocketCloseStatus.PolicyViolation, "slow consumer", DisconnectReason.SlowConsumer);
            _socket.Abort(); // the socket is stuck behind unread data: no close frame can get through
            return DisconnectReason.SlowConsumer;
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            return DisconnectReason.Closed;
        }
    }

    /// <summary>Asks the send loop to stop and the connection to close with <paramref name="status"/>.</summary>
    private void RequestClose(WebSocketCloseStatus status, string reason, DisconnectReason why)
    {
        _close ??= (status, reason, why);
        _queue.Writer.TryComplete();
    }

    private async Task CloseAsync(DisconnectReason reason)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            return;
        var (status, text) = _close is { } close ? (close.Status, close.Reason)
            : reason == DisconnectReason.Shutdown ? (WebSocketCloseStatus.EndpointUnavailable, "gateway stopping")
            : (WebSocketCloseStatus.NormalClosure, "bye");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await _socket.CloseOutputAsync(status, text, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }
}
