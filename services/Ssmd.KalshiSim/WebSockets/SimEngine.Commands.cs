using System.Buffers;
using Ssmd.Kalshi.Messages;
using Ssmd.KalshiSim.Model;

namespace Ssmd.KalshiSim.WebSockets;

internal sealed partial class SimEngine
{
    private static readonly Dictionary<string, SimChannel> Channels = new(StringComparer.Ordinal)
    {
        ["orderbook_delta"] = SimChannel.OrderbookDelta,
        ["ticker"] = SimChannel.Ticker,
        ["trade"] = SimChannel.Trade,
        ["market_lifecycle_v2"] = SimChannel.MarketLifecycle,
    };

    /// <summary>Executes one client command on the engine loop and queues its replies.</summary>
    public async ValueTask HandleCommandAsync(SimConnection connection, byte[] frame, CancellationToken ct)
    {
        if (connection.IsClosed)
        {
            return;
        }

        KalshiCommand command;
        try
        {
            command = KalshiCommandReader.Read(frame);
        }
        catch (KalshiProtocolException e)
        {
            KalshiSimLog.BadCommand(Logger, connection.Number, e.Message);
            await ErrorAsync(connection, null, KalshiErrorCodes.UnableToProcess, ct).ConfigureAwait(false);
            return;
        }

        if (command.Cmd is KalshiCommand.Subscribe or KalshiCommand.Unsubscribe or KalshiCommand.UpdateSubscription or KalshiCommand.ListSubscriptions)
        {
            Metrics.Commands.Add(1, new KeyValuePair<string, object?>("outcome", "received"));
        }

        switch (command.Cmd)
        {
            case KalshiCommand.Subscribe:
                await SubscribeAsync(connection, command, ct).ConfigureAwait(false);
                break;
            case KalshiCommand.Unsubscribe:
                await UnsubscribeAsync(connection, command, ct).ConfigureAwait(false);
                break;
            case KalshiCommand.UpdateSubscription:
                await UpdateAsync(connection, command, ct).ConfigureAwait(false);
                break;
            case KalshiCommand.ListSubscriptions:
                var list = new ArrayBufferWriter<byte>();
                KalshiFrameWriter.WriteSubscriptionList(list, command.Id, connection.ByChannel.Where(s => s is not null).Select(s => new KalshiSubscriptionInfo(s!.ChannelName, s.Sid)));
                await connection.EnqueueAsync(SimOutgoing.Frame(list.WrittenSpan.ToArray()), ct).ConfigureAwait(false);
                break;
            default:
                await ErrorAsync(connection, command.Id, KalshiErrorCodes.UnknownCommand, ct).ConfigureAwait(false);
                break;
        }
    }

    private ValueTask ErrorAsync(SimConnection connection, long? id, int code, CancellationToken ct, string? ticker = null)
    {
        Metrics.Commands.Add(1, new KeyValuePair<string, object?>("outcome", "error"));
        var buffer = new ArrayBufferWriter<byte>();
        KalshiFrameWriter.WriteError(buffer, id is 0 ? null : id, code, marketTicker: ticker);
        return connection.EnqueueAsync(SimOutgoing.Frame(buffer.WrittenSpan.ToArray()), ct);
    }

    private async ValueTask SubscribeAsync(SimConnection connection, KalshiCommand command, CancellationToken ct)
    {
        var p = command.Params;
        if (p is null)
        {
            await ErrorAsync(connection, command.Id, KalshiErrorCodes.ParamsRequired, ct).ConfigureAwait(false);
            return;
        }

        if (p.Channels is not { Count: > 0 })
        {
            await ErrorAsync(connection, command.Id, KalshiErrorCodes.ChannelsRequired, ct).ConfigureAwait(false);
            return;
        }

        foreach (var name in p.Channels)
        {
            if (!Channels.ContainsKey(name))
            {
                await ErrorAsync(connection, command.Id, KalshiErrorCodes.UnknownChannel, ct).ConfigureAwait(false);
                return;
            }
        }

        var tickers = p.MarketTickers;
        if (p.Channels.Contains("orderbook_delta") && tickers is not { Count: > 0 })
        {
            await ErrorAsync(connection, command.Id, KalshiErrorCodes.MarketTickerRequired, ct).ConfigureAwait(false);
            return;
        }

        if (tickers is { Count: > 0 } && tickers.Distinct().Count() > Options.WebSocket.MaxMarketsPerSubscription)
        {
            await ErrorAsync(connection, command.Id, KalshiErrorCodes.SubscriptionMarketLimit, ct).ConfigureAwait(false);
            return;
        }

        foreach (var name in p.Channels)
        {
            var channel = Channels[name];
            var existing = connection.ByChannel[(int)channel];
            if (existing is not null)
            {
                // Subscribe is idempotent: new tickers join the existing subscription, answered by ok.
                var added = AddMarkets(existing, tickers ?? []);
                await connection.EnqueueAsync(new SimOutgoing(SimOutgoingKind.Ok, existing, null, null, command.Id, TickerList(existing)), ct).ConfigureAwait(false);
                await InitialMessagesAsync(connection, existing, added, p.SendInitialSnapshot == true, null, ct).ConfigureAwait(false);
                continue;
            }

            // Lifecycle cannot be filtered; ticker and trade without tickers are the whole exchange.
            var all = channel == SimChannel.MarketLifecycle || tickers is not { Count: > 0 };
            var subscription = new SimSubscription(connection.NextSid++, channel, name, all, p.UseYesPrice == true, p.SkipTickerAck == true);
            if (subscription.UseYesPrice && channel == SimChannel.OrderbookDelta)
            {
                lock (Exchange.Sync)
                {
                    Exchange.YesBodies = true;
                }
            }
            var markets = all ? [] : AddMarkets(subscription, tickers!);
            connection.ByChannel[(int)channel] = subscription;
            var reply = new ArrayBufferWriter<byte>();
            KalshiFrameWriter.WriteSubscribed(reply, command.Id, name, subscription.Sid);
            await connection.EnqueueAsync(SimOutgoing.Frame(reply.WrittenSpan.ToArray()), ct).ConfigureAwait(false);
            await InitialMessagesAsync(connection, subscription, markets, p.SendInitialSnapshot == true, null, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Snapshots for new order-book markets; for <c>ticker</c> with <c>send_initial_snapshot</c>, one ticker each.</summary>
    private async ValueTask InitialMessagesAsync(SimConnection connection, SimSubscription subscription, List<SimMarketRef> markets, bool tickerSnapshot, long? id, CancellationToken ct)
    {
        if (subscription.Channel == SimChannel.OrderbookDelta)
        {
            foreach (var market in markets)
            {
                await connection.EnqueueAsync(SimOutgoing.Data(subscription, SnapshotOf(market), id), ct).ConfigureAwait(false);
            }
        }
        else if (subscription.Channel == SimChannel.Ticker && tickerSnapshot)
        {
            foreach (var market in markets.Where(m => m.Index >= 0))
            {
                SimMessage ticker;
                lock (Exchange.Sync)
                {
                    ticker = Exchange.TickerMessage(Exchange.Markets[market.Index]);
                }

                await connection.EnqueueAsync(SimOutgoing.Data(subscription, ticker), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A market's snapshot; an unknown ticker gets an empty one with <c>market_id</c> "" (code 16 is retired).</summary>
    private SimMessage SnapshotOf(SimMarketRef market)
    {
        lock (Exchange.Sync)
        {
            if (market.Index >= 0)
            {
                return Exchange.SnapshotMessage(Exchange.Markets[market.Index]);
            }
        }

        var body = new ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(body))
        {
            KalshiFrameWriter.WriteSnapshotBody(writer, market.Ticker, "", new Kalshi.KalshiBook(), yesPrices: false);
        }

        return new SimMessage(SimChannel.OrderbookDelta, null, SimMessage.Types.OrderbookSnapshot, body.WrittenSpan.ToArray());
    }

    private List<SimMarketRef> AddMarkets(SimSubscription subscription, IEnumerable<string> tickers)
    {
        var added = new List<SimMarketRef>();
        if (subscription.AllMarkets)
        {
            return added;
        }

        lock (Exchange.Sync)
        {
            foreach (var ticker in tickers)
            {
                if (!subscription.Tickers.Add(ticker))
                {
                    continue;
                }

                var market = Exchange.Find(ticker);
                var reference = new SimMarketRef(ticker, market?.Index ?? -1);
                subscription.Markets.Add(reference);
                if (market is not null)
                {
                    subscription.MarketIndices.Add(market.Index);
                }
                else
                {
                    subscription.Pending++;
                }

                added.Add(reference);
            }
        }

        return added;
    }

    private static string[]? TickerList(SimSubscription subscription) =>
        subscription.AllMarkets ? null : subscription.Markets.Select(m => m.Ticker).ToArray();

    private async ValueTask UnsubscribeAsync(SimConnection connection, KalshiCommand command, CancellationToken ct)
    {
        if (command.Params is null)
        {
            await ErrorAsync(connection, command.Id, KalshiErrorCodes.ParamsRequired, ct).ConfigureAwait(false);
            return;
        }

        if (command.Params.Sids is not { Count: > 0 } sids)
        {
            await ErrorAsync(connection, command.Id, KalshiErrorCodes.SubscriptionIdsRequired, ct).ConfigureAwait(false);
            return;
        }

        foreach (var sid in sids)
        {
            var subscription = Find(connection, sid);
            if (subscription is null)
            {
                await ErrorAsync(connection, command.Id, KalshiErrorCodes.UnknownSubscriptionId, ct).ConfigureAwait(false);
                continue;
            }

            connection.ByChannel[(int)subscription.Channel] = null;
            await connection.EnqueueAsync(new SimOutgoing(SimOutgoingKind.Unsubscribed, subscription, null, null, command.Id), ct).ConfigureAwait(false);
        }
    }

    private static SimSubscription? Find(SimConnection connection, long sid) =>
        connection.ByChannel.FirstOrDefault(s => s is not null && s.Sid == sid);

    private async ValueTask UpdateAsync(SimConnection connection, KalshiCommand command, CancellationToken ct)
    {
        var p = command.Params;
        if (p is null)
        {
            await ErrorAsync(connection, command.Id, KalshiErrorCodes.ParamsRequired, ct).ConfigureAwait(false);
            return;
        }

        if (p.Action is null)
        {
            await ErrorAsync(connection, command.Id, KalshiErrorCodes.ActionRequired, ct).ConfigureAwait(false);
            return;
        }

        if (p.Sids is not { Count: 1 })
        {
            await ErrorAsync(connection, command.Id, KalshiErrorCodes.ExactlyOneSubscriptionId, ct).ConfigureAwait(false);
            return;
        }

        var subscription = Find(connection, p.Sids[0]);
        if (subscription is null)
        {
            await ErrorAsync(connection, command.Id, KalshiErrorCodes.UnknownSubscriptionId, ct).ConfigureAwait(false);
            return;
        }

        var known = p.Action is "add_markets" or "delete_markets" or "get_snapshot";
        if (!known || (p.Action == "get_snapshot" && subscription.Channel != SimChannel.OrderbookDelta) || (subscription.AllMarkets && p.Action != "get_snapshot"))
        {
            await ErrorAsync(connection, command.Id, KalshiErrorCodes.UnsupportedAction, ct).ConfigureAwait(false);
            return;
        }

        if (p.MarketTickers is not { Count: > 0 } tickers)
        {
            await ErrorAsync(connection, command.Id, KalshiErrorCodes.MarketTickerRequired, ct).ConfigureAwait(false);
            return;
        }

        switch (p.Action)
        {
            case "add_markets":
                if (subscription.Markets.Count + tickers.Count > Options.WebSocket.MaxMarketsPerSubscription)
                {
                    await ErrorAsync(connection, command.Id, KalshiErrorCodes.SubscriptionMarketLimit, ct).ConfigureAwait(false);
                    return;
                }

                var added = AddMarkets(subscription, tickers);
                await connection.EnqueueAsync(new SimOutgoing(SimOutgoingKind.Ok, subscription, null, null, command.Id, TickerList(subscription)), ct).ConfigureAwait(false);
                await InitialMessagesAsync(connection, subscription, added, p.SendInitialSnapshot == true, null, ct).ConfigureAwait(false);
                break;
            case "delete_markets":
                var remove = tickers.ToHashSet(StringComparer.Ordinal);
                subscription.Markets.RemoveAll(m => remove.Contains(m.Ticker));
                subscription.Tickers.ExceptWith(remove);
                subscription.MarketIndices.Clear();
                lock (Exchange.Sync)
                {
                    // Re-resolve: markets that appeared since the subscribe have indices now.
                    var resolved = subscription.Markets.Select(m => Exchange.Find(m.Ticker)?.Index ?? -1).ToList();
                    subscription.MarketIndices.UnionWith(resolved.Where(i => i >= 0));
                    subscription.Pending = resolved.Count(i => i < 0);
                }
                await connection.EnqueueAsync(new SimOutgoing(SimOutgoingKind.Ok, subscription, null, null, command.Id, TickerList(subscription)), ct).ConfigureAwait(false);
                break;
            default:
                // get_snapshot: one snapshot per market, echoing the command id, without touching the subscription.
                foreach (var ticker in tickers)
                {
                    int index;
                    lock (Exchange.Sync)
                    {
                        index = Exchange.Find(ticker)?.Index ?? -1;
                    }

                    await connection.EnqueueAsync(SimOutgoing.Data(subscription, SnapshotOf(new SimMarketRef(ticker, index)), command.Id), ct).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>After error 25 the subscription is gone: the channel is free for a new subscribe.</summary>
    public void EndSubscription(SimConnection connection, SimSubscription subscription)
    {
        if (connection.ByChannel[(int)subscription.Channel] == subscription)
        {
            connection.ByChannel[(int)subscription.Channel] = null;
        }
    }
}
