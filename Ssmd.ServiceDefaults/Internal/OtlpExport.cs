using Microsoft.Extensions.Configuration;

namespace Ssmd.ServiceDefaults.Internal;

/// <summary>Whether telemetry leaves the process: only then are traces collected at all.</summary>
internal static class OtlpExport
{
    /// <summary>The configuration key Aspire and the OpenTelemetry SDK read the collector address from.</summary>
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// True when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Without an exporter a tracer provider still
    /// samples, creates and fills an <c>Activity</c> per NATS message and HTTP request and then throws it
    /// away: measurable on the gateway's latency path, for nothing.
    /// </summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[EndpointKey]);
}
