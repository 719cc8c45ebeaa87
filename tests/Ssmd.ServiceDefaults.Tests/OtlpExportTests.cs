using System.Diagnostics;

namespace Ssmd.ServiceDefaults.Tests;

/// <summary>With OTEL_EXPORTER_OTLP_ENDPOINT configured, traces and logs reach an OTLP collector.</summary>
public sealed class OtlpExportTests
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 60_000)]
    public async Task Spans_from_ssmd_sources_and_http_requests_and_log_records_reach_the_otlp_endpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiver.StartAsync(ct);
        var id = Guid.NewGuid().ToString("N");

        // Through the host's configuration, as Aspire's environment variables arrive: nothing process-wide.
        var builder = TestApp.CreateWebBuilder(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            ["OTEL_SERVICE_NAME"] = $"otlp-test-{id}",
        });
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/ping", () => "pong");
        using var http = await TestApp.StartAsync(app, ct);

        using (var source = new ActivitySource("Ssmd.Tests.Otlp"))
        using (source.StartActivity($"span-{id}"))
        {
            app.Logger.LogInformation("log-record-{Id}", id);
        }

        Assert.Equal("pong", await http.GetStringAsync("/ping", ct));

        Assert.True(await receiver.WaitForAsync("traces", $"span-{id}", ArrivalTimeout, ct), "the Ssmd.* span did not arrive");
        Assert.True(await receiver.WaitForAsync("traces", "GET /ping", ArrivalTimeout, ct), "the HTTP request span did not arrive");
        Assert.True(await receiver.WaitForAsync("traces", $"otlp-test-{id}", ArrivalTimeout, ct), "OTEL_SERVICE_NAME was not used");
        Assert.True(await receiver.WaitForAsync("logs", $"log-record-{id}", ArrivalTimeout, ct), "the log record did not arrive");
    }

    [Fact(Timeout = 60_000)]
    public async Task Health_probes_are_not_traced()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiver.StartAsync(ct);
        var id = Guid.NewGuid().ToString("N");
        var builder = TestApp.CreateWebBuilder(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/ping", () => "pong");
        using var http = await TestApp.StartAsync(app, ct);

        await http.GetStringAsync("/health", ct);
        await http.GetStringAsync("/alive", ct);
        await http.GetStringAsync("/metrics", ct);
        await http.GetStringAsync($"/ping?after-probes={id}", ct);

        // Spans are exported in order; once the later /ping span is there, probe spans would be too.
        Assert.True(await receiver.WaitForAsync("traces", "GET /ping", ArrivalTimeout, ct), "the HTTP request span did not arrive");
        Assert.False(await receiver.WaitForAsync("traces", "GET /health", TimeSpan.FromMilliseconds(500), ct));
        Assert.False(await receiver.WaitForAsync("traces", "GET /alive", TimeSpan.Zero, ct));
        Assert.False(await receiver.WaitForAsync("traces", "GET /metrics", TimeSpan.Zero, ct));
    }
}
