using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ssmd.KalshiSim;

namespace Ssmd.Connector.Benchmarks;

/// <summary>
/// The Kalshi simulator on Kestrel at 127.0.0.1:&lt;free port&gt; in the bench process (as the connector
/// tests run it), started paused, counting the frames it sends.
/// </summary>
internal sealed class BenchSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MeterListener _listener = new();
    private long _framesSent;

    private BenchSimulator(WebApplication app)
    {
        _app = app;
        var url = new Uri(app.Urls.First());
        WebSocketUri = new Uri($"ws://{url.Authority}/trade-api/ws/v2");
        RestUri = new Uri($"http://{url.Authority}/trade-api/v2/");
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };

        // Only this simulator's meter (its own IMeterFactory), so a second simulator is not counted.
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "ssmd.kalshisim.frames.sent")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _framesSent, value));
        _listener.Start();
    }

    public Uri WebSocketUri { get; }

    public Uri RestUri { get; }

    private HttpClient Http { get; }

    /// <summary>Frames the simulator has sent to its clients.</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    public static async Task<BenchSimulator> StartAsync(int markets, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KalshiSim:Seed"] = "7",
            ["KalshiSim:Markets"] = markets.ToString(CultureInfo.InvariantCulture),
            ["KalshiSim:StartTime"] = "2026-11-24T15:00:00Z",
            ["KalshiSim:Load:EventsPerSecond"] = "0",
            ["KalshiSim:Load:Paused"] = "true",
            ["KalshiSim:Auth:AllowUnsigned"] = "true",
            // Discovery reads every market page (three statuses) at start; Kalshi's read tier would slow that, not the feed.
            ["KalshiSim:Rest:RequestsPerSecond"] = "10000",
            ["KalshiSim:Rest:Burst"] = "10000",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.AddKalshiSimulator();
        var app = builder.Build();
        app.MapKalshiSimulator();
        await app.StartAsync();
        return new BenchSimulator(app);
    }

    /// <summary><c>PUT /admin/load</c>: <paramref name="eventsPerSecond"/> 0 is "as fast as the clients read".</summary>
    public async Task SetLoadAsync(bool paused, double eventsPerSecond = 0)
    {
        using var response = await Http.PutAsJsonAsync("/admin/load", new { paused, eventsPerSecond });
        response.EnsureSuccessStatusCode();
    }

    /// <summary><c>GET /admin/replay</c>: whether a replayed tape has been served to its end.</summary>
    public async Task<bool> ReplayEndedAsync()
    {
        using var progress = System.Text.Json.JsonDocument.Parse(await Http.GetStringAsync("/admin/replay"));
        return progress.RootElement.GetProperty("ended").GetBoolean();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
