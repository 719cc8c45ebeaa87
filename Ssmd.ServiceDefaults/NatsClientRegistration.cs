using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Ssmd.ServiceDefaults;
using Ssmd.ServiceDefaults.Internal;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The NATS client registration, with the keys and behaviour of Aspire.NATS.Net (which this NuGet
/// mirror lacks): swapping to the real package later changes no configuration.
/// </summary>
public static class NatsClientRegistration
{
    private const string SettingsSection = "Aspire:NATS:Net";
    private const string ActivitySourceName = "NATS.Net";

    /// <summary>
    /// Registers singletons <see cref="NatsConnection"/> and <see cref="INatsConnection"/> (connecting on
    /// first use), a health check named <c>NATS</c> and the <c>NATS.Net</c> trace source (when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured).
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="connectionName">Name of the connection string, <c>ConnectionStrings:&lt;connectionName&gt;</c>.</param>
    /// <param name="configureSettings">Runs after the settings are read from configuration.</param>
    /// <param name="configureOptions">Adjusts <see cref="NatsOpts"/> (the URL is set afterwards from the connection string).</param>
    /// <exception cref="ConnectionStringException">The connection string is missing or is not a NATS URL list.</exception>
    public static void AddNatsClient(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<NatsClientSettings>? configureSettings = null,
        Func<IServiceProvider, NatsOpts, NatsOpts>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new NatsClientSettings();
        var source = ClientSettingsLoader.Load(builder.Configuration, SettingsSection, connectionName, settings, configureSettings);
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw ConnectionStringException.Missing(connectionName, "NATS", NatsServerList.Format, NatsServerList.Example,
                $"{SettingsSection}:{connectionName}:ConnectionString");
        }

        if (!NatsServerList.TryParse(settings.ConnectionString, out var servers, out var problem))
        {
            throw ConnectionStringException.Malformed(connectionName, source, "NATS", problem, NatsServerList.Format, NatsServerList.Example);
        }

        var url = settings.ConnectionString;
        var applicationName = builder.Environment.ApplicationName;
        builder.Services.TryAddSingleton(provider =>
        {
            var loggerFactory = provider.GetRequiredService<ILoggerFactory>();
            // The client name shows in NATS monitoring (/connz); configureOptions may change it.
            var options = NatsOpts.Default with { LoggerFactory = loggerFactory, Name = applicationName };
            if (configureOptions is not null)
            {
                options = configureOptions(provider, options);
            }

            ServiceDefaultsLog.NatsClientCreated(loggerFactory.CreateLogger(ServiceDefaultsLog.Category), connectionName, NatsServerList.Redact(servers));
            return new NatsConnection(options with { Url = url });
        });
        builder.Services.TryAddSingleton<INatsConnection>(static provider => provider.GetRequiredService<NatsConnection>());

        if (!settings.DisableHealthChecks)
        {
            builder.TryAddHealthCheck(new HealthCheckRegistration(
                "NATS", provider => new NatsHealthCheck(provider.GetRequiredService<INatsConnection>()), failureStatus: null, tags: null));
        }

        // Like every trace source: collected only when exported (see AddServiceDefaults).
        if (!settings.DisableTracing && OtlpExport.IsConfigured(builder.Configuration))
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(ActivitySourceName));
        }
    }

    /// <summary>Registers <see cref="INatsJSContext"/> over the <see cref="INatsConnection"/> of <see cref="AddNatsClient"/>.</summary>
    /// <param name="builder">The host builder.</param>
    public static void AddNatsJetStream(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<INatsJSContext>(static provider => new NatsJSContext(provider.GetRequiredService<INatsConnection>()));
    }
}
