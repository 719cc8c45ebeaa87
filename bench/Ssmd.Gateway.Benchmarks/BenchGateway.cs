using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Ssmd.Gateway.Benchmarks;

/// <summary>
/// The gateway as its Program wires it (AddServiceDefaults, AddGateway, MapDefaultEndpoints,
/// MapGatewayApi), in this process on Kestrel at 127.0.0.1:&lt;free port&gt;, in Production, with no OTLP
/// endpoint and logs at Warning. The security master is never reached (only streaming is measured).
/// </summary>
internal sealed class BenchGateway : IAsyncDisposable
{
    public const string ApiKey = "bench-key-5d1e";

    private readonly WebApplication _app;

    private BenchGateway(WebApplication app)
    {
        _app = app;
        var url = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        Http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        StreamUri = new Uri($"ws://{url.Authority}/v1/stream");
    }

    public HttpClient Http { get; }

    public Uri StreamUri { get; }

    public static async Task<BenchGateway> StartAsync(string natsUrl, string environmentPath, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = natsUrl,
            ["ConnectionStrings:secmaster"] = "Host=127.0.0.1;Port=1;Username=ssmd;Database=secmaster",
            ["Ssmd:Environment"] = environmentPath,
            ["Gateway:ApiKeys:0:Name"] = "bench",
            ["Gateway:ApiKeys:0:Sha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey))),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddServiceDefaults();
        builder.AddGateway();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGatewayApi();
        await app.StartAsync(ct);
        return new BenchGateway(app);
    }

    /// <summary>Waits until the gateway carries <paramref name="ticker"/> (the feed applies in order: so every ticker before it too).</summary>
    public async Task WaitForMarketAsync(string ticker, TimeSpan timeout, CancellationToken ct)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            // Trades, not the book: a market that has had only trades has no book to serve yet (503).
            using var response = await Http.GetAsync($"/v1/markets/{ticker}/trades?limit=1", ct);
            if (response.StatusCode == HttpStatusCode.OK)
                return;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"the gateway does not carry {ticker} after {timeout} ({(int)response.StatusCode})");
            await Task.Delay(100, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
