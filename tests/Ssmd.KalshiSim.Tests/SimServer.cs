using System.Net.WebSockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ssmd.Kalshi.Auth;
using Ssmd.KalshiSim.WebSockets;

namespace Ssmd.KalshiSim.Tests;

/// <summary>The simulator on Kestrel at 127.0.0.1:&lt;free port&gt;, in process, with test settings.</summary>
internal sealed class SimServer : IAsyncDisposable
{
    private readonly WebApplication app;

    // One key for every test: generating RSA keys is slow on a busy machine.
    private static readonly RSA SharedKey = RSA.Create(2048);

    private SimServer(WebApplication app, RSA key)
    {
        this.app = app;
        Key = key;
        var url = new Uri(app.Urls.First());
        HttpBase = url;
        WebSocketUri = new Uri($"ws://{url.Authority}{KalshiAuthHeaders.WebSocketPath}");
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public const string KeyId = "test-key";

    public RSA Key { get; }

    public Uri HttpBase { get; }

    public Uri WebSocketUri { get; }

    public HttpClient Http { get; }

    public SimEngine Engine => app.Services.GetRequiredService<SimEngine>();

    /// <summary>Starts a simulator; <paramref name="settings"/> are KalshiSim keys without the section prefix.</summary>
    public static async Task<SimServer> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var key = SharedKey;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var config = new Dictionary<string, string?>
        {
            ["KalshiSim:Seed"] = "42",
            ["KalshiSim:Markets"] = "100",
            ["KalshiSim:StartTime"] = "2026-11-24T15:00:00Z",
            ["KalshiSim:Load:EventsPerSecond"] = "0",
            ["KalshiSim:Load:Paused"] = "true",
            ["KalshiSim:Auth:AllowUnsigned"] = "true",
            ["KalshiSim:Auth:Keys:0:KeyId"] = KeyId,
            ["KalshiSim:Auth:Keys:0:PublicKeyPem"] = key.ExportSubjectPublicKeyInfoPem(),
            ["KalshiSim:Rest:RequestsPerSecond"] = "10000",
            ["KalshiSim:Rest:Burst"] = "10000",
        };
        foreach (var (k, v) in settings ?? [])
        {
            config["KalshiSim:" + k] = v;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddKalshiSimulator();
        var app = builder.Build();
        app.MapKalshiSimulator();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new SimServer(app, key);
    }

    /// <summary>A signed (by default) plain ClientWebSocket connection.</summary>
    public async Task<SimClient> ConnectAsync(bool sign = true, CancellationToken ct = default)
    {
        var socket = new ClientWebSocket();
        if (sign)
        {
            using var signer = new KalshiRequestSigner(KeyId, Key.ExportPkcs8PrivateKeyPem());
            var h = signer.Sign("GET", KalshiAuthHeaders.WebSocketPath, DateTimeOffset.UtcNow);
            socket.Options.SetRequestHeader(KalshiAuthHeaders.AccessKeyHeader, h.AccessKey);
            socket.Options.SetRequestHeader(KalshiAuthHeaders.TimestampHeader, h.Timestamp);
            socket.Options.SetRequestHeader(KalshiAuthHeaders.SignatureHeader, h.Signature);
        }

        await socket.ConnectAsync(WebSocketUri, ct);
        return new SimClient(socket);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
