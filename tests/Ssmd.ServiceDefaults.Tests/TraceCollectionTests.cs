using OpenTelemetry.Trace;

namespace Ssmd.ServiceDefaults.Tests;

/// <summary>Traces are collected only when they are exported: no tracer provider without an OTLP endpoint.</summary>
public sealed class TraceCollectionTests
{
    [Fact]
    public async Task Without_an_otlp_endpoint_no_tracer_provider_is_registered_by_the_defaults_or_the_nats_client()
    {
        var builder = TestApp.CreateWebBuilder(new Dictionary<string, string?> { ["ConnectionStrings:nats"] = "nats://127.0.0.1:4222" });
        builder.AddServiceDefaults();
        builder.AddNatsClient("nats");
        await using var app = builder.Build();

        Assert.Null(app.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task With_an_otlp_endpoint_the_tracer_provider_is_registered()
    {
        var builder = TestApp.CreateWebBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = "nats://127.0.0.1:4222",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318",
        });
        builder.AddServiceDefaults();
        builder.AddNatsClient("nats");
        await using var app = builder.Build();

        Assert.NotNull(app.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task The_nats_client_alone_adds_no_tracer_provider_without_an_otlp_endpoint()
    {
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?> { ["ConnectionStrings:nats"] = "nats://127.0.0.1:4222" });
        builder.AddNatsClient("nats");
        await using var provider = builder.Services.BuildServiceProvider();

        Assert.Null(provider.GetService<TracerProvider>());
    }
}
