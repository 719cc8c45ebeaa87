using Microsoft.Extensions.Options;
using Ssmd.Connector.Feed;
using Ssmd.Connector.Internal;
using Ssmd.Connector.Kalshi;
using Ssmd.Connector.Publishing;

namespace Ssmd.Connector;

/// <summary>The connector's wiring.</summary>
public static class Connector
{
    /// <summary>The HTTP client for Kalshi REST (discovery and trade backfill).</summary>
    public const string KalshiRestClientName = "kalshi-rest";

    /// <summary>
    /// Registers NATS (<c>ConnectionStrings:nats</c>), the environment (<c>Ssmd:Environment</c>), the validated
    /// <c>Connector</c> options, the publish pipeline, the Kalshi connections and the health check.
    /// </summary>
    public static IHostApplicationBuilder AddConnector(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddNatsClient("nats");
        builder.AddNatsJetStream();

        var environment = ConnectorEnvironment.Load(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(environment);
        builder.Services.AddOptions<ConnectorOptions>()
            .Bind(builder.Configuration.GetSection(ConnectorOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ConnectorOptions>, ValidateConnectorOptions>();
        builder.Services.AddHttpClient(KalshiRestClientName);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConnectorStats>();
        builder.Services.AddSingleton<ConnectorMetrics>();
        builder.Services.AddSingleton<ConnectorRun>();
        builder.Services.AddSingleton<KalshiCredentials>();
        builder.Services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ConnectorOptions>>().Value;
            var slowDepth = options.SlowNatsWait > TimeSpan.Zero ? options.EffectiveSlowNatsDepth : int.MaxValue;
            return new PublishQueue(options.BufferCapacity, provider.GetRequiredService<ConnectorStats>(), slowDepth);
        });
        builder.Services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ConnectorOptions>>().Value;
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(KalshiRestClientName);
            return new KalshiRestClient(http, ConnectorEnvironment.RestUrl(options, environment), provider.GetRequiredService<KalshiCredentials>(), provider.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddSingleton(provider => new MarketDirectory(provider.GetRequiredService<KalshiRestClient>(), environment));
        builder.Services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ConnectorOptions>>().Value;
            return new FeedContext(options, environment, ConnectorEnvironment.WebSocketUrl(options, environment, provider.GetRequiredService<IConfiguration>()),
                provider.GetRequiredService<PublishQueue>(), provider.GetRequiredService<ConnectorStats>(), provider.GetRequiredService<ConnectorRun>(),
                provider.GetRequiredService<KalshiCredentials>(), provider.GetRequiredService<KalshiRestClient>(), provider.GetRequiredService<MarketDirectory>(),
                provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>());
        });

        // Registration order is stop order reversed: the connections stop first, then the publisher drains.
        builder.Services.AddSingleton<JetStreamPublisher>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<JetStreamPublisher>());
        builder.Services.AddSingleton<ConnectorService>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ConnectorService>());
        builder.Services.AddHealthChecks().AddCheck<ConnectorHealthCheck>("kalshi-feed");
        return builder;
    }
}
