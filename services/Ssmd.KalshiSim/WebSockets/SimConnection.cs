using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Ssmd.KalshiSim.Model;

namespace Ssmd.KalshiSim.WebSockets;

/// <summary>
/// One client WebSocket: a receive loop that hands commands to the engine, and a send loop that wraps
/// queued messages in envelopes, numbers them per <c>sid</c> and applies the configured faults.
/// </summary>
internal sealed partial class SimConnection
{
    private readonly WebSocket socket;
    private readonly SimEngine engine;
    private readonly Channel<SimOutgoing> queue;
    private readonly Random faultRandom;
    private readonly CancellationTokenSource closing = new();

    private readonly SimHeartbeatStream? stream;

    public SimConnection(WebSocket socket, SimEngine engine, long number, int capacity, int seed, SimHeartbeatStream? stream = null)
    {
        this.socket = socket;
        this.stream = stream;
        this.engine = engine;
        Number = number;
        faultRandom = new Random(HashCode.Combine(seed, number));

        // Wait when full: the exchange slows to the client's pace instead of losing frames silently.
        queue = Channel.CreateBounded<SimOutgoing>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
    }

    public long Number { get; }

    /// <summary>Active subscription per channel (engine loop only): a session holds one per channel.</summary>
    public SimSubscription?[] ByChannel { get; } = new SimSubscription?[4];

    /// <summary>Next sid to hand out (engine loop only); sids are per connection and start at 1.</summary>
    public long NextSid { get; set; } = 1;

    public bool IsClosed => closing.IsCancellationRequested;

    /// <summary>Frames sent so far (all kinds).</summary>
    public long FramesSent => Interlocked.Read(ref framesSent);

    /// <summary>Frames queued for this client and not yet taken by its send loop.</summary>
    public int Queued => queue.Reader.Count;

    private long framesSent;

    /// <summary>Queues a message for every subscription of this connection that wants it (engine loop only).</summary>
    public ValueTask PublishAsync(SimMessage message, CancellationToken ct)
    {
        var subscription = ByChannel[(int)message.Channel];
        return subscription is null || !subscription.Wants(message) ? ValueTask.CompletedTask : EnqueueAsync(SimOutgoing.Data(subscription, message), ct);
    }

    public ValueTask EnqueueAsync(SimOutgoing item, CancellationToken ct)
    {
        if (queue.Writer.TryWrite(item) || IsClosed)
        {
            return ValueTask.CompletedTask;
        }

        return WaitAndWriteAsync(item, ct);
    }

    private async ValueTask WaitAndWriteAsync(SimOutgoing item, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, closing.Token);
        try
        {
            await queue.Writer.WriteAsync(item, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // The client went away while the exchange waited for it: nothing to deliver any more.
        }
        catch (ChannelClosedException)
        {
            // Same: the connection finished.
        }
    }

    /// <summary>Runs the connection until the client leaves, the server stops or a fault drops it.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, closing.Token);
        var send = SendLoopAsync(linked.Token);
        try
        {
            await ReceiveLoopAsync(linked.Token).ConfigureAwait(false);
        }
        finally
        {
            await closing.CancelAsync().ConfigureAwait(false);
            queue.Writer.TryComplete();
            try
            {
                await send.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                KalshiSimLog.SendEnded(engine.Logger, Number, e.Message);
            }

            engine.Post(() => engine.Forget(this));
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (socket.State == WebSocketState.Open && !ct.IsCancellationRequested)
            {
                buffer.Clear();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.GetMemory(4096), ct).ConfigureAwait(false);
                    buffer.Advance(result.Count);
                    if (buffer.WrittenCount > 1 << 20)
                    {
                        await CloseAsync(WebSocketCloseStatus.MessageTooBig, "command too large").ConfigureAwait(false);
                        return;
                    }
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "").ConfigureAwait(false);
                    return;
                }

                var command = buffer.WrittenSpan.ToArray();
                engine.Post(() => engine.HandleCommandAsync(this, command, CancellationToken.None));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            KalshiSimLog.ReceiveEnded(engine.Logger, Number, e.Message);
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        try
        {
            await socket.CloseOutputAsync(status, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (WebSocketException e)
        {
            KalshiSimLog.SendEnded(engine.Logger, Number, e.Message);
        }
    }
}
