using System.Diagnostics;
using System.Net.Http.Json;
using NATS.Client.JetStream;
using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Gateway.Tests.Infrastructure;
using Ssmd.Testing;

namespace Ssmd.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The whole system on one tape: simulator replay (as fast as read) → connector → nats-server → archiver
/// (folder store) and gateway, with one WebSocket client of the gateway subscribed to every market of the
/// tape from before the first frame. Each service is run in process the way its own tests run it.
/// </summary>
internal sealed class WholeSystem : IAsyncDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<IAsyncDisposable> _owned = [];

    private WholeSystem(TestWorld world) => World = world;

    public TestWorld World { get; }

    public NatsServerFixture Nats { get; private set; } = null!;

    public SimHost Sim { get; private set; } = null!;

    public ConnectorHost Connector { get; private set; } = null!;

    public ArchiverHost Archiver { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    public RecordingClient Client { get; private set; } = null!;

    public NatsJSContext JetStream { get; private set; } = null!;

    public GatewayRest Rest { get; private set; } = null!;

    public ArchiveView Archive { get; private set; } = null!;

    private sealed record ReplayProgress(long Frames, bool Ended, bool Holding);

    /// <summary>
    /// Starts everything and plays the tape, held at <paramref name="holdAfterMs"/> if set, with the simulator's
    /// <paramref name="faults"/> (as <c>PUT /admin/faults</c> takes them) on from the first frame if given.
    /// </summary>
    public static async Task<WholeSystem> StartAsync(TestWorld world, string tape, IReadOnlyCollection<string> tickers, long? holdAfterMs, object? faults = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var system = new WholeSystem(world);
        try
        {
            var firstDay = DateOnly.FromDateTime(DateTime.UtcNow);
            system.Nats = system.Own(new NatsServerFixture());
            await system.Nats.StartAsync(ct);
            system.Sim = system.Own(await SimHost.StartAsync(markets: 10, new() { ["Replay:Path"] = tape, ["Replay:Speed"] = "0" }));
            system.Connector = system.Own(await ConnectorHost.StartAsync(system.Sim, system.Nats.Url, world.EnvironmentPath));
            var store = world.Path_("store");
            system.Archiver = system.Own(await ArchiverHost.StartAsync(system.Nats.Url, new Uri(store + "/").AbsoluteUri, world, world.Path_("work"), cancellationToken: ct));
            system.Gateway = system.Own(await GatewayHost.StartAsync(system.Nats.Url, world.EnvironmentPath, settings: new()
            {
                // Every trade of the tape stays servable over REST (the busiest market has about 2,100).
                ["Gateway:RecentTradesPerMarket"] = "100000",
            }));
            system.Archive = new ArchiveView(store, world.Environment.Storage, firstDay);
            system.Rest = new GatewayRest(system.Gateway);
            var connection = system.Own(await system.Nats.CreateConnectionAsync(ct));
            system.JetStream = new NatsJSContext(connection);

            await system.Connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
            await ConnectorHost.Until(() => system.Connector.Service.SubscribedMarkets == tickers.Count, TimeSpan.FromSeconds(60), "the tape's markets subscribed");

            // The WebSocket client subscribes once the gateway knows the markets (from the connector's first snapshots).
            await system.Connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));
            await system.WaitGatewayCaughtUpAsync();
            system.Client = system.Own(await RecordingClient.ConnectAsync(system.Gateway, "symbols=" + string.Join(',', tickers)));
            await system.Client.WaitControlAsync(e => e.GetProperty("type").GetString() == "subscribed", TimeSpan.FromSeconds(30));

            await system.HoldAsync(holdAfterMs);
            if (faults is not null)
                await system.Sim.SetFaultsAsync(faults);
            await system.Sim.SetLoadAsync(paused: false);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Seconds since the system was started, for the test's log of where the time goes.</summary>
    public string Elapsed => $"{_clock.Elapsed.TotalSeconds:F1}s";

    public void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine($"[{Elapsed}] {line}");

    /// <summary>Moves the replay's hold point (null: play to the end).</summary>
    public async Task HoldAsync(long? holdAfterMs)
    {
        using var response = await Sim.Http.PutAsJsonAsync("/admin/replay", new { holdAfterMs }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Waits until the replay holds (or has ended, for null), every frame sent is in JetStream, the gateway
    /// has applied the normalized stream to its end and the archiver has flushed everything it was given.
    /// </summary>
    public async Task SettleAsync(long? holdAfterMs, TimeSpan timeout, bool faults = false)
    {
        await WaitReplayAsync(holdAfterMs, timeout);
        if (faults)
        {
            // Frames in flight when a connection was dropped were sent and never received: wait for the
            // connections to be back (re-snapshotted, trades backfilled) instead of for every frame sent.
            await Sim.SetFaultsAsync(new { });
            await Connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        }
        else
        {
            await Connector.WaitReceivedAsync(Sim, TimeSpan.FromSeconds(60));
        }

        await Connector.WaitPublishedAsync(TimeSpan.FromSeconds(60));
        Log($"replay {(holdAfterMs is null ? "ended" : "held")}: {Sim.FramesSent:N0} frames sent, {Connector.Stats.RawPublished:N0} published");
        await CatchUpAsync();
    }

    /// <summary>Waits until the replay holds at <paramref name="holdAfterMs"/> (null: has ended).</summary>
    public async Task WaitReplayAsync(long? holdAfterMs, TimeSpan timeout)
    {
        var ct = TestContext.Current.CancellationToken;
        await ConnectorHost.Until(
            () => Sim.Http.GetFromJsonAsync<ReplayProgress>("/admin/replay", ct).GetAwaiter().GetResult() is { } p && (holdAfterMs is null ? p.Ended : p.Holding),
            timeout, holdAfterMs is null ? "the tape played to its end" : $"the tape held at {holdAfterMs}");
    }

    /// <summary>Waits until the gateway has applied the normalized stream to its end and the archiver has flushed all it was given.</summary>
    public async Task CatchUpAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await WaitGatewayCaughtUpAsync();
        var streams = World.Environment.Transport.Nats;
        await Completion.FlushAllAsync(Archiver.Flusher, JetStream,
            new[] { "raw", "trade", "orderbook", "ticker", "status" }.Select(s => (s == "raw" ? streams.RawStream.Name : streams.NormalizedStream.Name, $"ssmd-archiver-{s}")), ct);
        Log("gateway caught up, archive flushed");
    }

    private async Task WaitGatewayCaughtUpAsync()
    {
        var info = await JetStream.GetStreamAsync(World.Environment.Transport.Nats.NormalizedStream.Name, cancellationToken: TestContext.Current.CancellationToken);
        await Gateway.WaitCaughtUpAsync(info.Info.State.LastSeq, TimeSpan.FromSeconds(120));
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        Rest?.Dispose();
        for (var i = _owned.Count - 1; i >= 0; i--)
            await _owned[i].DisposeAsync();
    }
}
