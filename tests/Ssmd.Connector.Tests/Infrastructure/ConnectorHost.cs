using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ssmd.Connector.Feed;

namespace Ssmd.Connector.Tests.Infrastructure;

/// <summary>The connector as its Program wires it (AddConnector), in process, pointed at a simulator and a nats-server.</summary>
internal sealed class ConnectorHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ConnectorHost(IHost host, string environmentPath)
    {
        _host = host;
        EnvironmentPath = environmentPath;
    }

    public string EnvironmentPath { get; }

    public ConnectorStats Stats => _host.Services.GetRequiredService<ConnectorStats>();

    public ConnectorService Service => _host.Services.GetRequiredService<ConnectorService>();

    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// Starts a connector; <paramref name="settings"/> are extra configuration keys (full paths), and
    /// <paramref name="configure"/> changes the composition after <c>AddConnector</c> (e.g. a handler on the REST client).
    /// </summary>
    public static async Task<ConnectorHost> StartAsync(SimHost sim, string natsUrl, string environmentPath, Dictionary<string, string?>? settings = null, Action<IHostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TestOutputLoggerProvider());
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Logging.AddFilter("NATS", LogLevel.Warning);
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = natsUrl,
            ["Ssmd:Environment"] = environmentPath,
            ["Connector:WebSocketUrl"] = sim.WebSocketUri.ToString(),
            ["Connector:RestUrl"] = sim.RestUri.ToString(),
            ["Connector:ReconnectMinDelay"] = "00:00:00.100",
            ["Connector:ReconnectMaxDelay"] = "00:00:01",
        };
        foreach (var (k, v) in settings ?? [])
            config[k] = v;
        builder.Configuration.AddInMemoryCollection(config);
        builder.AddConnector();
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new ConnectorHost(host, environmentPath);
    }

    /// <summary>Waits until every planned connection is open and subscribed.</summary>
    public async Task WaitConnectedAsync(TimeSpan timeout)
    {
        await Until(() => Service.ExpectedConnections > 0 && Stats.ConnectedSockets == Service.ExpectedConnections, timeout, "all connections open");
    }

    /// <summary>
    /// Waits until this connector has received every frame the simulator sent and none is still queued there:
    /// an admin action returns once its frames are queued, and a frame is counted as sent only when it leaves
    /// the queue, so "received ≥ sent" alone can hold while frames are still on their way.
    /// </summary>
    public Task WaitReceivedAsync(SimHost sim, TimeSpan timeout)
    {
        int queued = 0;
        long sent = 0, received = 0;
        return Until(async () =>
        {
            // In this order: once nothing is queued, every frame queued before is in FramesSent.
            queued = await sim.QueuedFramesAsync();
            sent = sim.FramesSent;
            received = Stats.Received.Values.Sum();
            return queued == 0 && received >= sent;
        }, timeout, () => $"every sent frame received: {received} received, {sent} sent, {queued} queued at the exchange");
    }

    /// <summary>Waits until every frame received is acknowledged by JetStream (or counted as dropped) and the buffer is empty.</summary>
    public async Task WaitPublishedAsync(TimeSpan timeout)
    {
        long last = -1;
        await Until(() =>
        {
            var received = Stats.Received.Values.Sum();
            var settled = Stats.BufferDepth == 0 && received == Stats.RawPublished + Stats.Dropped && received == last;
            last = received;
            return settled;
        }, timeout, () => $"every received frame published: {Stats.Received.Values.Sum()} received, {Stats.RawPublished} published, {Stats.Dropped} dropped, {Stats.BufferDepth} buffered");
    }

    public static Task Until(Func<bool> condition, TimeSpan timeout, string what) => Until(condition, timeout, () => what);

    public static Task Until(Func<bool> condition, TimeSpan timeout, Func<string> what) =>
        Until(() => Task.FromResult(condition()), timeout, what);

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; past <paramref name="timeout"/>, fails saying <paramref name="what"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {timeout} waiting for: {what()}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }

    /// <summary>Writes an environment file selecting every simulator market, with the given streams.</summary>
    public static string WriteEnvironment(string folder, int marketsPerSubscription = 200, string raw = "KALSHI_RAW", string normalized = "KALSHI_NORMALIZED", string channels = "[orderbook_delta, ticker, trade, market_lifecycle_v2]", string duplicateWindow = "2m")
    {
        var path = Path.Combine(folder, "test.yaml");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $$"""
            apiVersion: ssmd/v1
            kind: Environment
            name: test
            feed:
              exchange: kalshi
              source: simulator
              channels: {{channels}}
              marketsPerSubscription: {{marketsPerSubscription}}
            schedule:
              timezone: UTC
              teardown: "00:00"
              startup: "00:10"
            symbols:
              include:
                - categories: [Economics, Financials, Crypto, Commodities, Sports, Politics, Climate and Weather]
                - series: [KXGOLD15M]   # the recorded tape's markets, whatever category a replay gives them
            transport:
              nats:
                rawStream: { name: {{raw}}, maxAge: 48h, duplicateWindow: {{duplicateWindow}}, maxBytes: 1GiB }
                normalizedStream: { name: {{normalized}}, maxAge: 48h, duplicateWindow: {{duplicateWindow}}, maxBytes: 1GiB }
            storage:
              raw: { bucket: ssmd-raw, prefix: kalshi }
              normalized: { bucket: ssmd-normalized, prefix: kalshi/v1 }
            """));
        return path;
    }
}
