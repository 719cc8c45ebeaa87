using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ssmd.Kalshi;
using Ssmd.KalshiSim;

namespace Ssmd.Connector.Tests.Infrastructure;

/// <summary>The Kalshi simulator on Kestrel at 127.0.0.1:&lt;free port&gt;, in process, counting the frames it sends.</summary>
internal sealed class SimHost : IAsyncDisposable
{
    public const string KeyId = "connector-test-key";

    // One key for every test: generating RSA keys is slow on a busy machine.
    public static readonly RSA Key = RSA.Create(2048);

    private readonly WebApplication _app;
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _faults = new(StringComparer.Ordinal);
    private long _framesSent;

    private SimHost(WebApplication app)
    {
        _app = app;
        var url = new Uri(app.Urls.First());
        HttpBase = url;
        WebSocketUri = new Uri($"ws://{url.Authority}/trade-api/ws/v2");
        RestUri = new Uri($"http://{url.Authority}/trade-api/v2/");
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };

        // The simulator's own counters, from its meters only (other simulators may run in parallel).
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name is "ssmd.kalshisim.frames.sent" or "ssmd.kalshisim.faults.injected")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "ssmd.kalshisim.frames.sent")
            {
                Interlocked.Add(ref _framesSent, value);
                return;
            }

            foreach (var tag in tags)
            {
                if (tag.Key == "fault" && tag.Value is string fault)
                {
                    lock (_faults)
                        _faults[fault] = _faults.GetValueOrDefault(fault) + value;
                }
            }
        });
        _listener.Start();
    }

    public Uri HttpBase { get; }

    public Uri WebSocketUri { get; }

    public Uri RestUri { get; }

    public HttpClient Http { get; }

    /// <summary>Frames the simulator has sent to its clients.</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Every fault injected so far, by name.</summary>
    public IReadOnlyDictionary<string, long> AllFaults
    {
        get
        {
            lock (_faults)
                return new Dictionary<string, long>(_faults);
        }
    }

    public long Faults(string fault)
    {
        lock (_faults)
            return _faults.GetValueOrDefault(fault);
    }

    /// <summary>Starts a simulator, paused; <paramref name="settings"/> are KalshiSim keys without the section prefix.</summary>
    public static async Task<SimHost> StartAsync(int markets, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var config = new Dictionary<string, string?>
        {
            ["KalshiSim:Seed"] = "7",
            ["KalshiSim:Markets"] = markets.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["KalshiSim:StartTime"] = "2026-11-24T15:00:00Z",
            ["KalshiSim:Load:EventsPerSecond"] = "0",
            ["KalshiSim:Load:Paused"] = "true",
            ["KalshiSim:Auth:AllowUnsigned"] = "true",
            ["KalshiSim:Auth:Keys:0:KeyId"] = KeyId,
            ["KalshiSim:Auth:Keys:0:PublicKeyPem"] = Key.ExportSubjectPublicKeyInfoPem(),
            ["KalshiSim:Rest:RequestsPerSecond"] = "10000",
            ["KalshiSim:Rest:Burst"] = "10000",
        };
        foreach (var (k, v) in settings ?? [])
            config["KalshiSim:" + k] = v;
        builder.Configuration.AddInMemoryCollection(config);
        builder.AddKalshiSimulator();
        var app = builder.Build();
        app.MapKalshiSimulator();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new SimHost(app);
    }

    /// <summary>Frames queued for the simulator's clients and not yet sent (not in <see cref="FramesSent"/> yet).</summary>
    public async Task<int> QueuedFramesAsync()
    {
        var queued = JsonDocument.Parse(await Http.GetStringAsync("/admin/connections/queued", TestContext.Current.CancellationToken)).RootElement;
        return queued.GetProperty("frames").GetInt32();
    }

    public async Task SetLoadAsync(bool paused, int eventsPerSecond = 0, int? markets = null)
    {
        using var response = await Http.PutAsJsonAsync("/admin/load", new { paused, eventsPerSecond, markets }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task SetFaultsAsync(object faults)
    {
        using var response = await Http.PutAsJsonAsync("/admin/faults", faults, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Drives one market's lifecycle (<c>close</c>, <c>determine</c>, <c>settle</c>, …).</summary>
    public async Task MarketActionAsync(string ticker, string action)
    {
        using var response = await Http.PostAsync($"/admin/markets/{Uri.EscapeDataString(ticker)}/{action}", null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Drops every client WebSocket at once, as an exchange restart does.</summary>
    public async Task DropConnectionsAsync()
    {
        using var response = await Http.PostAsync("/admin/connections/drop", null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Markets the exchange has now (grown by <see cref="SetLoadAsync"/>).</summary>
    public async Task<int> MarketCountAsync()
    {
        var load = JsonDocument.Parse(await Http.GetStringAsync("/admin/load", TestContext.Current.CancellationToken)).RootElement;
        return load.GetProperty("markets").GetInt32();
    }

    public async Task<long> StepsAsync()
    {
        var load = JsonDocument.Parse(await Http.GetStringAsync("/admin/load", TestContext.Current.CancellationToken)).RootElement;
        return load.GetProperty("steps").GetInt64();
    }

    /// <summary>The exchange's books in YES terms: bids (YES ladder) and asks (NO ladder at 1 − p).</summary>
    public async Task<Dictionary<string, FoldedBook>> GroundTruthAsync()
    {
        var truth = JsonDocument.Parse(await Http.GetStringAsync("/admin/ground-truth", TestContext.Current.CancellationToken)).RootElement;
        var books = new Dictionary<string, FoldedBook>(StringComparer.Ordinal);
        foreach (var market in truth.GetProperty("markets").EnumerateArray())
        {
            var book = new FoldedBook();
            foreach (var level in market.GetProperty("yes").EnumerateArray())
                book.Bids[KalshiPrice.Parse(level[0].GetString()!).Units] = KalshiSize.Parse(level[1].GetString()!).Units;
            foreach (var level in market.GetProperty("no").EnumerateArray())
                book.Asks[KalshiPrice.Parse(level[0].GetString()!).Complement.Units] = KalshiSize.Parse(level[1].GetString()!).Units;
            books[market.GetProperty("ticker").GetString()!] = book;
        }

        return books;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
