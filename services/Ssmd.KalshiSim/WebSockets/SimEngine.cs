using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Ssmd.KalshiSim.Internal;
using Ssmd.KalshiSim.Model;
using Ssmd.KalshiSim.Replay;

namespace Ssmd.KalshiSim.WebSockets;

/// <summary>
/// Runs the exchange: one loop steps the market model at the configured pace, executes commands and
/// admin actions between steps, and hands every message to the connections in order. Because one loop
/// does all of it, a subscription's snapshot always precedes its deltas.
/// </summary>
internal sealed partial class SimEngine : BackgroundService
{
    private readonly Channel<Func<ValueTask>> inbox = Channel.CreateUnbounded<Func<ValueTask>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<SimConnection> connections = [];
    private readonly List<SimMessage> output = new(256);
    private readonly int seed;
    private long connectionNumber;
    private volatile KalshiSimFaultOptions faults;
    private volatile bool paused;
    private double eventsPerSecond;

    public SimEngine(IOptions<KalshiSimOptions> options, ILogger<SimEngine> logger, TimeProvider time, KalshiSimMetrics metrics)
    {
        Metrics = metrics;
        var o = options.Value;
        Logger = logger;
        Options = o;
        seed = o.Seed;
        faults = o.Faults;
        paused = o.Load.Paused;
        eventsPerSecond = o.Load.EventsPerSecond;
        var start = o.StartTime ?? DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var replaying = o.Replay.Path is { Length: > 0 };
        Exchange = new SimExchange(new SimExchangeSettings(
            o.Seed, replaying ? 0 : o.Markets, start.ToUnixTimeMilliseconds(),
            o.Load.EventsPerSecond > 0 ? 1000 / o.Load.EventsPerSecond : o.Load.MillisecondsPerEventUnpaced,
            o.RollingSeries && !replaying, o.Load.PauseProbability, o.Load.CloseDateChangeProbability))
        {
            LegacyBodies = o.Faults.LegacyShapes > 0,
        };
        if (replaying)
        {
            foreach (var (ticker, marketId) in SimTapeReader.Markets(o.Replay.Path!))
            {
                Exchange.ReplayMarket(ticker, marketId);
            }

            Replay = new SimReplay(
                Exchange, new SimTapeReader(o.Replay.Path!, logger), o.Replay.Speed, o.Replay.Loop,
                o.Replay.MaxGapSeconds is { } gap ? (long)Math.Ceiling(gap * 1000) : null);
        }
    }

    public ILogger Logger { get; }

    public KalshiSimMetrics Metrics { get; }

    public KalshiSimOptions Options { get; }

    public SimExchange Exchange { get; }

    /// <summary>The archive being replayed instead of the market model, if any.</summary>
    public SimReplay? Replay { get; }

    public KalshiSimFaultOptions Faults
    {
        get => faults;
        set
        {
            faults = value;
            Post(() => Exchange.LegacyBodies = value.LegacyShapes > 0);
        }
    }

    public bool Paused => paused;

    public double EventsPerSecond => Volatile.Read(ref eventsPerSecond);

    public int ConnectionCount => Volatile.Read(ref connectionCountValue);

    private int connectionCountValue;

    /// <summary>Runs <paramref name="work"/> on the engine loop, between steps.</summary>
    public void Post(Func<ValueTask> work) => inbox.Writer.TryWrite(work);

    public void Post(Action work) => Post(() =>
    {
        work();
        return ValueTask.CompletedTask;
    });

    /// <summary>Runs <paramref name="work"/> on the engine loop and waits for it (admin actions).</summary>
    public async Task<T> InvokeAsync<T>(Func<ValueTask<T>> work, CancellationToken ct)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(async () =>
        {
            try
            {
                done.TrySetResult(await work().ConfigureAwait(false));
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        return await done.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Stops or restarts the exchange clock; returns once no step is running.</summary>
    public Task SetLoadAsync(bool? pause, double? rate, CancellationToken ct, int? markets = null) => InvokeAsync(async () =>
    {
        if (markets is { } target && Replay is null)
        {
            var announced = new List<SimMessage>();
            lock (Exchange.Sync)
            {
                Exchange.AddEvents(target, announced);
            }

            await DeliverAsync(announced, ct).ConfigureAwait(false);
        }

        if (pause is { } p)
        {
            paused = p;
            Replay?.ResetPace();
        }

        if (rate is { } r)
        {
            Volatile.Write(ref eventsPerSecond, r);
            ResetPace();
        }

        return true;
    }, ct);

    public SimConnection Accept(System.Net.WebSockets.WebSocket socket, SimHeartbeatStream? stream = null)
    {
        var connection = new SimConnection(socket, this, Interlocked.Increment(ref connectionNumber), Options.WebSocket.SendQueueCapacity, seed, stream);
        Post(() =>
        {
            connections.Add(connection);
            Volatile.Write(ref connectionCountValue, connections.Count);
        });
        return connection;
    }

    /// <summary>Drops every client connection at once (as an exchange restart does); returns how many.</summary>
    public Task<int> DropConnectionsAsync(CancellationToken ct) => InvokeAsync(async () =>
    {
        var dropped = connections.ToArray();
        foreach (var connection in dropped)
        {
            await connection.DropAsync().ConfigureAwait(false);
        }

        return dropped.Length;
    }, ct);

    /// <summary>
    /// Frames queued for the connected clients and not yet sent. An admin action returns once its frames are
    /// queued, and a frame counts as sent only when its send loop takes it: a client is level with the
    /// exchange when this is 0 and it has received every frame sent.
    /// </summary>
    public Task<int> QueuedFramesAsync(CancellationToken ct) => InvokeAsync(() => ValueTask.FromResult(connections.Sum(c => c.Queued)), ct);

    public void Forget(SimConnection connection)
    {
        connections.Remove(connection);
        Volatile.Write(ref connectionCountValue, connections.Count);
    }

    public override void Dispose()
    {
        Replay?.Dispose();
        base.Dispose();
    }

    private long pacedSteps;
    private long paceStart;

    private void ResetPace()
    {
        pacedSteps = 0;
        paceStart = Stopwatch.GetTimestamp();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ResetPace();
        var reader = inbox.Reader;
        while (!stoppingToken.IsCancellationRequested)
        {
            while (reader.TryRead(out var work))
            {
                try
                {
                    await work().ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad command or admin action must not stop the exchange for every client.
                    KalshiSimLog.WorkFailed(Logger, e);
                }
            }

            var steps = paused ? 0 : Replay?.Due() ?? StepsDue();
            if (steps == 0)
            {
                // Idle until a command arrives or the next step is due.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(paused ? 200 : 2);
                try
                {
                    await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The wait's own timeout: time to step.
                }

                continue;
            }

            output.Clear();
            lock (Exchange.Sync)
            {
                if (Replay is { } replay)
                {
                    replay.Take(steps, output);
                }
                else
                {
                    for (var i = 0; i < steps; i++)
                    {
                        Exchange.Step(output);
                    }
                }
            }

            pacedSteps += steps;
            await DeliverAsync(output, stoppingToken).ConfigureAwait(false);
        }
    }

    private int StepsDue()
    {
        var rate = EventsPerSecond;
        if (rate <= 0)
        {
            // As fast as the clients read: small batches keep commands responsive.
            return 32;
        }

        var due = (long)(Stopwatch.GetElapsedTime(paceStart).TotalSeconds * rate) - pacedSteps;
        return (int)Math.Clamp(due, 0, 256);
    }

    /// <summary>Hands messages to every connection in order (waits when a client's queue is full).</summary>
    public async ValueTask DeliverAsync(List<SimMessage> messages, CancellationToken ct)
    {
        foreach (var message in messages)
        {
            foreach (var connection in connections)
            {
                await connection.PublishAsync(message, ct).ConfigureAwait(false);
            }
        }
    }
}
