using System.Buffers;
using System.Net.WebSockets;
using Ssmd.Kalshi.Messages;

namespace Ssmd.KalshiSim.WebSockets;

internal sealed partial class SimConnection
{
    private static readonly byte[] MalformedFrame = """{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"""u8.ToArray();
    private static readonly byte[] UnknownTypeFrame = """{"type":"sim_unknown_type","sid":0,"msg":{"note":"injected by the simulator"}}"""u8.ToArray();
    private static readonly byte[] MissingTickerFrame = """{"type":"trade","sid":1,"msg":{"trade_id":"5e0c7a1e-0000-4000-8000-000000000bad","yes_price_dollars":"0.5000","no_price_dollars":"0.5000","count_fp":"1.00","taker_outcome_side":"yes","ts_ms":1767225600000}}"""u8.ToArray();
    private static readonly byte[] UnknownField = "\"sim_unknown_field\":1,"u8.ToArray();

    private async Task SendLoopAsync(CancellationToken ct)
    {
        var frame = new ArrayBufferWriter<byte>(1024);
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            stream?.Cork();
            while (reader.TryRead(out var item))
            {
                var faults = engine.Faults;
                if (item.Kind == SimOutgoingKind.Data && faults.Any)
                {
                    if (!await SendWithFaultsAsync(item, faults, frame, ct).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                if (item.Subscription is { Ended: true } && item.Kind == SimOutgoingKind.Data)
                {
                    continue;
                }

                frame.Clear();
                Build(item, frame, legacy: false, unknownField: false);
                await SendAsync(frame.WrittenMemory, ct).ConfigureAwait(false);
            }

            if (stream is not null)
            {
                await stream.UncorkAsync(ct).ConfigureAwait(false);
            }
        }
    }

    private ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        Interlocked.Increment(ref framesSent);
        engine.Metrics.FramesSent.Add(1);
        return socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
    }

    private void Build(in SimOutgoing item, ArrayBufferWriter<byte> frame, bool legacy, bool unknownField)
    {
        var subscription = item.Subscription;
        switch (item.Kind)
        {
            case SimOutgoingKind.Raw:
                frame.Write(item.Raw);
                break;
            case SimOutgoingKind.Ok:
                KalshiFrameWriter.WriteOk(frame, item.Id ?? 0, subscription!.Sid, ++subscription.Seq, subscription.SkipTickerAck ? null : item.Tickers);
                break;
            case SimOutgoingKind.Unsubscribed:
                KalshiFrameWriter.WriteUnsubscribed(frame, item.Id ?? 0, subscription!.Sid, ++subscription.Seq);
                break;
            default:
                var message = item.Message!;
                var body = legacy && message.LegacyBody is not null ? message.LegacyBody
                    : subscription!.UseYesPrice ? message.YesBody ?? message.Body
                    : message.Body;
                if (unknownField)
                {
                    body = [(byte)'{', .. UnknownField, .. body.AsSpan(1)];
                }

                long? seq = subscription!.Sequenced ? ++subscription.Seq : null;
                KalshiFrameWriter.WriteEnvelope(frame, message.Type, subscription.Sid, seq, item.Id, body);
                break;
        }
    }

    /// <summary>Sends one data frame with whatever faults the dice pick; false when the connection was dropped.</summary>
    private async Task<bool> SendWithFaultsAsync(SimOutgoing item, KalshiSimFaultOptions faults, ArrayBufferWriter<byte> frame, CancellationToken ct)
    {
        var subscription = item.Subscription!;
        if (subscription.Ended)
        {
            return true;
        }

        if (Roll(faults.Stall))
        {
            engine.Metrics.Fault("stall");
            if (stream is not null)
            {
                await stream.UncorkAsync(ct).ConfigureAwait(false);
                stream.Cork();
            }

            await Task.Delay(faults.StallMilliseconds, ct).ConfigureAwait(false);
        }

        if (Roll(faults.DropConnection))
        {
            await DropAsync().ConfigureAwait(false);
            return false;
        }

        if (Roll(faults.BufferOverflow))
        {
            engine.Metrics.Fault("buffer_overflow");
            // Error 25 is terminal for the subscription: it ends and the client must subscribe again.
            subscription.Ended = true;
            frame.Clear();
            KalshiFrameWriter.WriteError(frame, null, KalshiErrorCodes.SubscriptionBufferOverflow, subscription.Sid, subscription.Sequenced ? ++subscription.Seq : null);
            await SendAsync(frame.WrittenMemory, ct).ConfigureAwait(false);
            engine.Post(() => engine.EndSubscription(this, subscription));
            return true;
        }

        if (Roll(faults.MalformedJson))
        {
            engine.Metrics.Fault("malformed_json");
            await SendAsync(MalformedFrame, ct).ConfigureAwait(false);
        }

        if (Roll(faults.UnknownMessageType))
        {
            engine.Metrics.Fault("unknown_message_type");
            await SendAsync(UnknownTypeFrame, ct).ConfigureAwait(false);
        }

        if (Roll(faults.MissingTicker))
        {
            engine.Metrics.Fault("missing_ticker");
            await SendAsync(MissingTickerFrame, ct).ConfigureAwait(false);
        }

        if (subscription.Sequenced && Roll(faults.SequenceGap))
        {
            engine.Metrics.Fault("sequence_gap");
            subscription.Seq++;
        }

        frame.Clear();
        var legacy = Roll(faults.LegacyShapes);
        var unknownField = Roll(faults.UnknownField);
        if (legacy)
        {
            engine.Metrics.Fault("legacy_shapes");
        }

        if (unknownField)
        {
            engine.Metrics.Fault("unknown_field");
        }

        Build(item, frame, legacy, unknownField);
        await SendAsync(frame.WrittenMemory, ct).ConfigureAwait(false);
        if (Roll(faults.DuplicateFrame))
        {
            engine.Metrics.Fault("duplicate_frame");
            await SendAsync(frame.WrittenMemory, ct).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Ends the connection at once, without a close handshake: a fault, or every client dropped by the admin API.</summary>
    public async Task DropAsync()
    {
        engine.Metrics.Fault("drop_connection");
        KalshiSimLog.FaultDrop(engine.Logger, Number);
        socket.Abort();
        await closing.CancelAsync().ConfigureAwait(false);
    }

    private bool Roll(double chance) => chance > 0 && (chance >= 1 || faultRandom.NextDouble() < chance);
}
