using System.Threading.Channels;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Ssmd.Gateway.Auth;
using Ssmd.Gateway.Feed;
using Ssmd.Gateway.Internal;
using Ssmd.Gateway.Markets;
using Ssmd.Gateway.Rest;
using Ssmd.Gateway.Streaming;
using Ssmd.Secmaster;

namespace Ssmd.Gateway;

/// <summary>
/// The gateway's wiring: NATS (<c>ConnectionStrings:nats</c>) and the security master
/// (<c>ConnectionStrings:secmaster</c>), the environment (<c>Ssmd:Environment</c>), the validated
/// <c>Gateway</c> options, the feed that keeps every market's book, the WebSocket stream and the REST API.
/// </summary>
public static class Gateway
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The feed is this connection's only subscription. NATS.Net drops a message when a subscription's
        // buffer is full (1,024 by default) and its JetStream consumer keeps pulling whether or not the
        // buffer is read, so a feed replaying faster than it applies lost messages and restarted its ordered
        // consumer over and over (63,340 drops replaying 150,000 trades, FeedTests). Waiting instead holds
        // the socket until the feed takes the message; the consumer's pull size bounds what the server holds.
        builder.AddNatsClient("nats", configureOptions: static (_, options) => options with { SubPendingChannelFullMode = BoundedChannelFullMode.Wait });
        builder.AddNatsJetStream();
        builder.AddSecmasterDataSource("secmaster");

        // Request URLs can carry api_key: ASP.NET Core's request log would write them out.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing.EndpointMiddleware", LogLevel.Warning);

        builder.Services.AddSingleton(GatewayEnvironment.Load(builder.Configuration, builder.Environment.ContentRootPath));
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, ValidateGatewayOptions>();

        builder.Services.AddSingleton<GatewayStats>();
        builder.Services.AddSingleton<FeedState>();
        builder.Services.AddSingleton<MarketRegistry>();
        builder.Services.AddSingleton<ClientRegistry>();
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<ApiKeyAuthenticator>();
        builder.Services.AddSingleton(provider => new SecmasterRepository(provider.GetRequiredService<Npgsql.NpgsqlDataSource>()));
        builder.Services.AddHostedService<NormalizedFeedService>();
        builder.Services.AddHealthChecks().AddCheck<FeedHealthCheck>("normalized-feed");

        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var keys = app.Services.GetRequiredService<ApiKeyAuthenticator>();
        if (keys.Count == 0)
            GatewayLog.NoApiKeys(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ssmd.Gateway"));

        // Metrics exist from start-up, so "nothing sent" is a zero and not a missing series.
        _ = app.Services.GetRequiredService<GatewayMetrics>();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseMiddleware<ApiKeyMiddleware>();

        app.MapOpenApi("/openapi/{documentName}.json");

        var v1 = app.MapGroup("/v1");
        // The one public health view for clients: each dependency's state, never a connection string.
        v1.MapGet("/health", async (HealthCheckService health, CancellationToken ct) =>
        {
            var report = await health.CheckHealthAsync(ct);
            var body = new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
            };
            return Results.Json(body, statusCode: report.Status == HealthStatus.Unhealthy ? 503 : 200);
        }).WithName("Health").WithSummary("Open to all: the gateway's state and each dependency's.");
        v1.Map("/stream", StreamEndpoint.HandleAsync)
            .WithName("Stream").WithSummary("WebSocket: ?symbols=A,B, then {\"action\":\"subscribe\"|\"unsubscribe\",\"symbols\":[…]}; JSON events (README).")
            .ExcludeFromDescription();
        v1.MapMarketsApi();
        return app;
    }
}
