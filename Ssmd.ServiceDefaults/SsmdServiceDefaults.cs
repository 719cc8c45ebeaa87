using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Prometheus;
using Ssmd.ServiceDefaults.Internal;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every ssmd service shares, in the shape of Aspire's service-defaults template:
/// <c>builder.AddServiceDefaults()</c> first, <c>app.MapDefaultEndpoints()</c> after <c>Build()</c>.
/// </summary>
public static class SsmdServiceDefaults
{
    private const string HealthPath = "/health";
    private const string AlivePath = "/alive";
    private const string MetricsPath = "/metrics";
    private const string LiveTag = "live";

    /// <summary>
    /// OpenTelemetry logs, metrics and traces (OTLP export only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// is configured, and traces are not even collected without it; the other <c>OTEL_*</c> settings are
    /// read from configuration), a <c>self</c>
    /// liveness check, service discovery, resilient HttpClients, JSON console logs in UTC (one line each),
    /// and the bridge that publishes <c>Ssmd*</c> meters on <c>/metrics</c>.
    /// </summary>
    /// <remarks>
    /// Metrics: ASP.NET Core, HttpClient, runtime, and every meter whose name starts with <c>Ssmd</c>.
    /// Traces: ASP.NET Core (without /health, /alive and /metrics requests), HttpClient, and every
    /// activity source whose name starts with <c>Ssmd</c> or equals the application name.
    /// </remarks>
    /// <typeparam name="TBuilder">The host builder type.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.AddJsonConsoleLogs();
        builder.ConfigureOpenTelemetry();

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.TryAddSingleton<PrometheusMeterBridge>();
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check: readiness), <c>/alive</c> (checks tagged <c>live</c>: liveness)
    /// and <c>/metrics</c> (Prometheus text). Unlike Aspire's template, the health endpoints are mapped in
    /// every environment: Kubernetes probes need them in Production. They show only a status word.
    /// </summary>
    /// <remarks>
    /// <c>/metrics</c> shows only meters whose name starts with <c>Ssmd</c> (runtime and ASP.NET Core
    /// metrics go through OTLP). Instrument name → Prometheus name: characters outside
    /// <c>[a-zA-Z0-9_]</c> become <c>_</c>, unit <c>s</c>/<c>ms</c>/<c>By</c> adds
    /// <c>_seconds</c>/<c>_milliseconds</c>/<c>_bytes</c>, counters add <c>_total</c>, tags become labels:
    /// <c>Counter&lt;long&gt;("ssmd.connector.messages_received")</c> with tags feed, type is
    /// <c>ssmd_connector_messages_received_total{feed="kalshi",type="trade"}</c>. The meter's own name
    /// is not part of it. Create each series at start-up with <c>Add(0, tags)</c>.
    /// </remarks>
    /// <param name="app">The web application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapHealthChecks(HealthPath);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });

        var bridge = app.Services.GetRequiredService<PrometheusMeterBridge>();
        app.MapMetrics(MetricsPath, bridge.Registry);
        return app;
    }

    private static void AddJsonConsoleLogs(this IHostApplicationBuilder builder) =>
        // Set in code, so it wins over Logging:Console:FormatterName (Aspire's run mode sets "simple").
        builder.Logging.AddJsonConsole(options =>
        {
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            options.IncludeScopes = true; // carries TraceId/SpanId for correlation with traces
            options.JsonWriterOptions = new JsonWriterOptions { Indented = false };
        });

    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var applicationName = builder.Environment.ApplicationName;
        var serviceNameConfigured = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // Aspire sets OTEL_SERVICE_NAME; elsewhere name the service after the application, not "unknown_service".
                if (!serviceNameConfigured)
                {
                    resource.AddService(applicationName);
                }
            })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(PrometheusMeterBridge.MeterPrefix + "*"));

        // Traces only when they go somewhere: a tracer provider without an exporter still builds an
        // Activity per request and per NATS message (the gateway's latency path) and drops it.
        if (OtlpExport.IsConfigured(builder.Configuration))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(applicationName)
                    .AddSource(PrometheusMeterBridge.MeterPrefix + "*")
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsInfrastructureRequest(context.Request.Path))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }
    }

    private static bool IsInfrastructureRequest(PathString path) =>
        path.StartsWithSegments(HealthPath) || path.StartsWithSegments(AlivePath) || path.StartsWithSegments(MetricsPath);
}
