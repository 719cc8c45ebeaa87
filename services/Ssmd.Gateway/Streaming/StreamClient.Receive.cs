using System.Buffers;
using System.Net.WebSockets;
using Ssmd.Gateway.Internal;
using Ssmd.Gateway.Protocol;

namespace Ssmd.Gateway.Streaming;

internal sealed partial class StreamClient
{
    private const int InitialBuffer = 4096;
    private const int MaxUnknownListed = 20;
    private long _windowStart;
    private int _windowCount;

    /// <summary>
    /// Reads client messages until the client closes. A message larger than
    /// <see cref="GatewayOptions.MaxMessageBytes"/> is read through and discarded (it never sits in memory
    /// whole) and answered with an error; bad input of every kind gets an error event, never a disconnect.
    /// Only a flood (more than <see cref="GatewayOptions.FloodMessagesPerSecond"/> in a second) ends the connection.
    /// </summary>
    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            var length = 0;
            var oversized = false;
            while (true)
            {
                if (length == Math.Min(buffer.Length, _options.MaxMessageBytes))
                {
                    if (length >= _options.MaxMessageBytes)
                    {
                        oversized = true;
                        length = 0;
                    }
                    else
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _options.MaxMessageBytes));
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                }

                // Never cancelled: that would abort the socket. It ends with the client's close, or an abort.
                var result = await _socket.ReceiveAsync(buffer.AsMemory(length, Math.Min(buffer.Length, _options.MaxMessageBytes) - length), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                    return;
                length += result.Count;
                if (!result.EndOfMessage)
                    continue;

                if (!Admit())
                    return;
                if (oversized)
                    Error(ErrorCodes.MessageTooLarge, $"Messages are limited to {_options.MaxMessageBytes} bytes; this one was discarded");
                else if (result.MessageType == WebSocketMessageType.Binary)
                    Error(ErrorCodes.BinaryNotSupported, "Send commands as JSON text messages");
                else if (!Handle(buffer.AsSpan(0, length)))
                    return;

                length = 0;
                oversized = false;
                if (buffer.Length > InitialBuffer)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Counts messages in one-second windows: past the rate they are refused with one error a window,
    // past the flood limit the client is disconnected.
    private bool Admit()
    {
        var now = Environment.TickCount64;
        if (now - _windowStart >= 1000)
        {
            _windowStart = now;
            _windowCount = 0;
        }

        _windowCount++;
        if (_windowCount > _options.FloodMessagesPerSecond)
        {
            GatewayLog.Flood(_logger, Id, KeyName, _windowCount);
            RequestClose(WebSocketCloseStatus.PolicyViolation, "flood", DisconnectReason.Flood);
            return false;
        }

        if (_windowCount > _options.MaxMessagesPerSecond)
        {
            if (_windowCount == _options.MaxMessagesPerSecond + 1)
                Error(ErrorCodes.RateLimited, $"At most {_options.MaxMessagesPerSecond} messages a second; the rest of this second's messages are ignored");
            return true; // ignored, but the connection stays
        }

        return true;
    }

    // False when the client is disconnected for sending commands it does not read the answers to.
    private bool Handle(ReadOnlySpan<byte> message)
    {
        if (_windowCount > _options.MaxMessagesPerSecond)
            return true;
        var depth = Volatile.Read(ref _depth);
        if (depth >= _answerLimit)
        {
            GatewayLog.NotReading(_logger, Id, KeyName, depth);
            RequestClose(WebSocketCloseStatus.PolicyViolation, "not reading", DisconnectReason.SlowConsumer);
            _socket.Abort(); // a close frame cannot get through the unread data; the send loop may be stuck behind it
            return false;
        }

        if (!ClientCommandParser.TryParse(message, _options.MaxSymbolsPerClient, out var command, out var error))
        {
            Error(error.Code, error.Message, error.Id);
            return true;
        }

        if (command.Action == ClientAction.Subscribe && depth >= _hardLimit)
        {
            // Every new symbol would queue a snapshot behind events the client has not taken: subscribe/
            // unsubscribe churn could otherwise grow the queue without end (README "Slow clients").
            Error(ErrorCodes.QueueFull, $"{depth} events are waiting to be read; nothing was subscribed", command.Id);
            return true;
        }

        if (command.Action == ClientAction.Subscribe)
            Subscribe(command.Symbols, command.Id);
        else
            Unsubscribe(command.Symbols, command.Id);
        return true;
    }

    private void Subscribe(IReadOnlyList<string> symbols, long? id)
    {
        var fresh = symbols.Distinct(StringComparer.Ordinal).Where(s => !_subscriptions.ContainsKey(s)).ToList();
        if (_subscriptions.Count + fresh.Count > _options.MaxSymbolsPerClient)
        {
            Error(ErrorCodes.TooManySymbols, $"At most {_options.MaxSymbolsPerClient} symbols per client ({_subscriptions.Count} subscribed, {fresh.Count} asked); nothing was changed", id);
            return;
        }

        List<string> added = [];
        List<string>? unknown = null;
        List<string>? pending = null;
        foreach (var symbol in fresh)
        {
            if (!_markets.TryGet(symbol, out var market))
            {
                (unknown ??= []).Add(symbol);
                continue;
            }

            _subscriptions[symbol] = market.Subscribe(this, out var bookPending);
            added.Add(symbol);
            if (bookPending)
                (pending ??= []).Add(symbol);
        }

        if (unknown is not null)
        {
            Error(ErrorCodes.UnknownSymbol, $"{unknown.Count} symbols are not markets this gateway carries; the others were subscribed", id,
                unknown.Count > MaxUnknownListed ? unknown[..MaxUnknownListed] : unknown);
        }

        Enqueue(new OutboundEvent(EventKind.Subscribed, EventJson.Subscription(EventKind.Subscribed, added, _subscriptions.Count, id, pending), 0));
    }

    private void Unsubscribe(IReadOnlyList<string> symbols, long? id)
    {
        List<string> removed = [];
        foreach (var symbol in symbols)
        {
            if (_subscriptions.Remove(symbol, out var subscription))
            {
                subscription.Market.Unsubscribe(subscription);
                removed.Add(symbol);
            }
        }

        Enqueue(new OutboundEvent(EventKind.Unsubscribed, EventJson.Subscription(EventKind.Unsubscribed, removed, _subscriptions.Count, id), 0));
    }
}
