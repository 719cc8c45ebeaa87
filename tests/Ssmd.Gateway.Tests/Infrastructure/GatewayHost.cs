using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Gateway.Feed;
using Ssmd.Gateway.Markets;
using Ssmd.Gateway.Streaming;

namespace Ssmd.Gateway.Tests.Infrastructure;

/// <summary>The gateway as its Program wires it (AddServiceDefaults, AddGateway, MapGatewayApi) on Kestrel at 127.0.0.1:&lt;free port&gt;.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    /// <summary>The API key tests use; configuration holds only its hash.</summary>
    public const string ApiKey = "test-key-7f3a9c";

    private readonly WebApplication _app;
    private readonly MeterListener _listener = new();
    private readonly List<(long At, double Seconds)> _latencies = [];

    private GatewayHost(WebApplication app)
    {
        _app = app;
        var url = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        StreamUri = new Uri($"ws://{url.Authority}/v1/stream");

        // This gateway's latency samples only (other gateways may run in parallel tests).
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "ssmd.gateway.latency")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (_latencies)
                _latencies.Add((Environment.TickCount64, value));
        });
        _listener.Start();
    }

    public static string ApiKeyHash => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey)));

    public HttpClient Http { get; }

    public Uri StreamUri { get; }

    public IServiceProvider Services => _app.Services;

    public GatewayStats Stats => Services.GetRequiredService<GatewayStats>();

    public FeedState Feed => Services.GetRequiredService<FeedState>();

    internal MarketRegistry Markets => Services.GetRequiredService<MarketRegistry>();

    internal ClientRegistry Clients => Services.GetRequiredService<ClientRegistry>();

    /// <summary>Latency samples (connector receive → sent) recorded between two <see cref="Environment.TickCount64"/> marks.</summary>
    public double[] Latencies(long from, long to)
    {
        lock (_latencies)
            return [.. _latencies.Where(l => l.At >= from && l.At < to).Select(l => l.Seconds).Order()];
    }

    /// <summary>Starts a gateway; <paramref name="settings"/> are extra configuration keys (full paths).</summary>
    public static async Task<GatewayHost> StartAsync(string natsUrl, string environmentPath, string? secmaster = null, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = natsUrl,
            // REST market queries need a database; streaming tests give one that is never reached.
            ["ConnectionStrings:secmaster"] = secmaster ?? "Host=127.0.0.1;Port=1;Username=ssmd;Database=secmaster",
            ["Ssmd:Environment"] = environmentPath,
            ["Gateway:ApiKeys:0:Name"] = "tests",
            ["Gateway:ApiKeys:0:Sha256"] = ApiKeyHash,
        };
        foreach (var (k, v) in settings ?? [])
            config[k] = v;
        builder.Configuration.AddInMemoryCollection(config);
        builder.AddServiceDefaults();
        builder.AddGateway();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TestOutputLoggerProvider());
        builder.Logging.AddFilter("NATS", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGatewayApi();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new GatewayHost(app);
    }

    /// <summary>Waits until the gateway has applied every message the stream holds now.</summary>
    public async Task WaitCaughtUpAsync(ulong lastSequence, TimeSpan timeout) =>
        await ConnectorHost.Until(() => Feed.CaughtUp && Feed.LastSequence >= lastSequence, timeout, () => $"gateway at stream sequence {lastSequence} (is at {Feed.LastSequence})");

    /// <summary>A connected client (API key in the header unless <paramref name="key"/> says otherwise).</summary>
    public async Task<ClientWebSocket> ConnectAsync(string query = "", string? key = ApiKey, bool inQuery = false, int? receiveBuffer = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = StreamUri + (query.Length > 0 ? "?" + query : "");
        if (key is not null)
        {
            if (inQuery)
                uri += (query.Length > 0 ? "&" : "?") + "api_key=" + Uri.EscapeDataString(key);
            else
                socket.Options.SetRequestHeader("X-API-Key", key);
        }

        if (receiveBuffer is { } size)
        {
            // A small kernel receive buffer: a client that stops reading backs up the gateway at once.
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, ct) =>
                {
                    var s = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { ReceiveBufferSize = size, NoDelay = true };
                    await s.ConnectAsync(context.DnsEndPoint, ct);
                    return new System.Net.Sockets.NetworkStream(s, ownsSocket: true);
                },
            };
            await socket.ConnectAsync(new Uri(uri), new HttpMessageInvoker(handler, disposeHandler: true), TestContext.Current.CancellationToken);
            return socket;
        }

        await socket.ConnectAsync(new Uri(uri), TestContext.Current.CancellationToken);
        return socket;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
