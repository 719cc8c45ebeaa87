using Microsoft.Extensions.Options;
using Ssmd.Secmaster;
using Ssmd.Worker.Secmaster;

namespace Ssmd.Worker;

/// <summary>The worker's wiring: the security master's store, sync and change events, the daily sync and the lifecycle consumer.</summary>
public static class Worker
{
    /// <summary>The HTTP client the sync reads Kalshi REST with.</summary>
    public const string KalshiRestClient = "kalshi-rest";

    /// <summary>
    /// Registers PostgreSQL (<c>ConnectionStrings:secmaster</c>), NATS (<c>ConnectionStrings:nats</c>), the
    /// environment (<c>Ssmd:Environment</c>), the validated <c>Secmaster</c> options, and the sync service.
    /// </summary>
    public static IHostApplicationBuilder AddWorker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSecmasterDataSource("secmaster");
        builder.AddNatsClient("nats");
        builder.AddNatsJetStream();

        var environment = WorkerEnvironment.Load(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(environment);

        builder.Services.AddOptions<SecmasterWorkerOptions>()
            .Bind(builder.Configuration.GetSection(SecmasterWorkerOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SecmasterWorkerOptions>, ValidateSecmasterWorkerOptions>();

        // The sync paces and retries itself (token bucket + Polly): the default resilience handler would retry twice over.
        // RemoveAllResilienceHandlers is marked experimental (EXTEXP0001); it is the supported way to opt
        // one client out of ConfigureHttpClientDefaults' handler while keeping service discovery.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(KalshiRestClient).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        builder.Services.AddSingleton(provider => new SecmasterRepository(provider.GetRequiredService<Npgsql.NpgsqlDataSource>()));
        builder.Services.AddSingleton(provider => new SecmasterChangePublisher(
            provider.GetRequiredService<NATS.Client.JetStream.INatsJSContext>(),
            provider.GetRequiredService<SecmasterRepository>(),
            provider.GetRequiredService<ILogger<SecmasterChangePublisher>>(),
            environment.Feed.Exchange));
        builder.Services.AddSingleton<SecmasterLifecycle>();
        builder.Services.AddSingleton<SecmasterWorkerMetrics>();
        builder.Services.AddSingleton<SecmasterSyncHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<SecmasterSyncHealthCheck>("secmaster-sync");
        // Registered after the sync service: its start-up migrates the schema the lifecycle consumer writes to.
        builder.Services.AddHostedService<SecmasterSyncService>();
        builder.Services.AddHostedService<SecmasterLifecycleService>();
        return builder;
    }
}
