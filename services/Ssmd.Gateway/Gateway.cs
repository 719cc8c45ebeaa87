using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ssmd.Gateway;

/// <summary>
/// The gateway's wiring. Today it connects to NATS and the security master and reports on both;
/// the streaming and REST APIs arrive with the gateway issue.
/// </summary>
public static class Gateway
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.AddNatsClient("nats");
        builder.AddSecmasterDataSource("secmaster");
        return builder;
    }

    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        // The one public health view for clients: each dependency's state, never a connection string.
        app.MapGet("/v1/health", async (HealthCheckService health, CancellationToken ct) =>
        {
            var report = await health.CheckHealthAsync(ct);
            var body = new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
            };
            return Results.Json(body, statusCode: report.Status == HealthStatus.Unhealthy ? 503 : 200);
        });
        return app;
    }
}
