using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Ssmd.ServiceDefaults.Tests;

public sealed class DefaultEndpointsTests
{
    private static async Task<(WebApplication App, HttpClient Http)> StartServiceAsync(CancellationToken ct, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = TestApp.CreateWebBuilder(settings);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return (app, await TestApp.StartAsync(app, ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task Health_alive_and_metrics_answer_200_in_production()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, http) = await StartServiceAsync(ct);
        await using var _ = app;
        using var __ = http;

        Assert.Equal("Production", app.Environment.EnvironmentName);
        foreach (var path in new[] { "/health", "/alive", "/metrics" })
        {
            using var response = await http.GetAsync(path, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
        }

        Assert.Equal("Healthy", await http.GetStringAsync("/health", ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task An_ssmd_counter_appears_on_metrics_with_the_design_name_and_labels()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, http) = await StartServiceAsync(ct);
        await using var _ = app;
        using var __ = http;

        using var meter = new Meter("Ssmd.Connector");
        var received = meter.CreateCounter<long>("ssmd.connector.messages_received", description: "Frames received from the exchange");
        received.Add(0, new("feed", "kalshi"), new("type", "orderbook_delta")); // a series created at start-up, as the lessons ask
        received.Add(2, new("feed", "kalshi"), new("type", "trade"));
        received.Add(1, new("type", "trade"), new("feed", "kalshi")); // tag order does not matter

        var text = await http.GetStringAsync("/metrics", ct);

        Assert.Contains("# TYPE ssmd_connector_messages_received_total counter", text, StringComparison.Ordinal);
        Assert.Contains("ssmd_connector_messages_received_total{feed=\"kalshi\",type=\"trade\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("ssmd_connector_messages_received_total{feed=\"kalshi\",type=\"orderbook_delta\"} 0", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Metrics_also_answers_prometheus_openmetrics_scrapes_with_the_same_sample_name()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, http) = await StartServiceAsync(ct);
        await using var _ = app;
        using var __ = http;

        using var meter = new Meter("Ssmd.Archiver");
        meter.CreateCounter<long>("ssmd.archiver.files_written").Add(4, new KeyValuePair<string, object?>("feed", "kalshi"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/openmetrics-text; version=1.0.0"));
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ssmd_archiver_files_written_total{feed=\"kalshi\"} 4", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Histograms_gauges_and_units_follow_the_documented_naming_rule()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, http) = await StartServiceAsync(ct);
        await using var _ = app;
        using var __ = http;

        using var meter = new Meter("Ssmd.Gateway");
        meter.CreateHistogram<double>("ssmd.gateway.send_latency", unit: "s").Record(0.02, new KeyValuePair<string, object?>("feed", "kalshi"));
        meter.CreateUpDownCounter<int>("ssmd.gateway.clients").Add(3);
        meter.CreateObservableGauge("ssmd.gateway.queue_depth", () => 7L);
        meter.CreateCounter<long>("ssmd.gateway.sent_bytes", unit: "By").Add(100);

        var text = await http.GetStringAsync("/metrics", ct);

        Assert.Contains("# TYPE ssmd_gateway_send_latency_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("ssmd_gateway_send_latency_seconds_count{feed=\"kalshi\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("ssmd_gateway_clients 3", text, StringComparison.Ordinal);
        Assert.Contains("ssmd_gateway_queue_depth 7", text, StringComparison.Ordinal);
        Assert.Contains("ssmd_gateway_sent_bytes_total 100", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Metrics_shows_only_ssmd_meters_so_nothing_is_exported_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, http) = await StartServiceAsync(ct);
        await using var _ = app;
        using var __ = http;

        using var ssmd = new Meter("Ssmd.Worker");
        ssmd.CreateCounter<long>("ssmd.worker.runs").Add(1);
        using var other = new Meter("SomeLibrary");
        other.CreateCounter<long>("somelibrary.calls").Add(1);
        await http.GetStringAsync("/alive", ct); // ASP.NET Core's own meters now have data

        var metricNames = (await http.GetStringAsync("/metrics", ct))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split('{', ' ')[0])
            .Distinct()
            .ToList();

        // Other tests' Ssmd meters may show up too (meter listeners are process-wide); nothing else may.
        Assert.Contains("ssmd_worker_runs_total", metricNames);
        Assert.All(metricNames, name => Assert.StartsWith("ssmd_", name, StringComparison.Ordinal));
    }

    [Fact]
    public void Console_logs_are_single_line_json_in_utc_even_when_configuration_asks_for_simple()
    {
        // Aspire's run mode injects LOGGING__CONSOLE__FORMATTERNAME=simple into every project.
        var builder = TestApp.CreateWebBuilder(new Dictionary<string, string?> { ["Logging:Console:FormatterName"] = "simple" });
        builder.AddServiceDefaults();
        using var provider = builder.Services.BuildServiceProvider();

        Assert.Equal(ConsoleFormatterNames.Json, provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        var json = provider.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        Assert.True(json.UseUtcTimestamp);
        Assert.False(json.JsonWriterOptions.Indented);
    }
}
