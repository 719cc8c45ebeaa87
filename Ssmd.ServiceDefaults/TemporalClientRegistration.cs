using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Ssmd.ServiceDefaults;
using Ssmd.ServiceDefaults.Internal;
using Temporalio.Client;

namespace Microsoft.Extensions.Hosting;

/// <summary>The Temporal client registration.</summary>
public static class TemporalClientRegistration
{
    private const string SettingsSection = "Ssmd:Temporal";

    /// <summary>
    /// Registers a singleton <see cref="ITemporalClient"/> that connects on first use
    /// (<see cref="TemporalClient.CreateLazy"/>), the parsed <see cref="TemporalClientSettings"/>, and a
    /// health check named <c>Temporal</c>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="connectionName">Name of the connection string, <c>ConnectionStrings:&lt;connectionName&gt;</c>.</param>
    /// <param name="configureSettings">Runs after the settings are read from configuration, before parsing.</param>
    /// <exception cref="ConnectionStringException">The connection string is missing or not <c>host:port</c>.</exception>
    public static void AddTemporalClient(
        this IHostApplicationBuilder builder,
        string connectionName = "temporal",
        Action<TemporalClientSettings>? configureSettings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new TemporalClientSettings();
        var source = ClientSettingsLoader.Load(builder.Configuration, SettingsSection, connectionName, settings, configureSettings);
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw ConnectionStringException.Missing(connectionName, "Temporal", TemporalConnectionString.Format, TemporalConnectionString.Example,
                $"{SettingsSection}:{connectionName}:ConnectionString");
        }

        if (!TemporalConnectionString.TryParse(settings.ConnectionString, settings, out var problem))
        {
            throw ConnectionStringException.Malformed(connectionName, source, "Temporal", problem, TemporalConnectionString.Format, TemporalConnectionString.Example);
        }

        builder.Services.TryAddSingleton(settings);
        builder.Services.TryAddSingleton<ITemporalClient>(provider =>
        {
            var loggerFactory = provider.GetRequiredService<ILoggerFactory>();
            ServiceDefaultsLog.TemporalClientCreated(loggerFactory.CreateLogger(ServiceDefaultsLog.Category), connectionName, settings.TargetHost!, settings.Namespace);
            return TemporalClient.CreateLazy(new TemporalClientConnectOptions(settings.TargetHost!)
            {
                Namespace = settings.Namespace,
                LoggerFactory = loggerFactory,
            });
        });

        if (!settings.DisableHealthChecks)
        {
            builder.TryAddHealthCheck(new HealthCheckRegistration(
                "Temporal", provider => new TemporalHealthCheck(provider.GetRequiredService<ITemporalClient>()), failureStatus: null, tags: null));
        }
    }

    /// <summary>
    /// Whether a Temporal connection string is configured (<c>ConnectionStrings:&lt;name&gt;</c> or
    /// <c>Ssmd:Temporal[:&lt;name&gt;]:ConnectionString</c>), for services that can run without Temporal.
    /// It does not check the format: <see cref="AddTemporalClient"/> does.
    /// </summary>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="connectionName">Name of the connection string.</param>
    public static bool IsTemporalConfigured(this IConfiguration configuration, string connectionName = "temporal")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        return !string.IsNullOrWhiteSpace(configuration.GetConnectionString(connectionName))
            || !string.IsNullOrWhiteSpace(configuration[$"{SettingsSection}:{connectionName}:ConnectionString"])
            || !string.IsNullOrWhiteSpace(configuration[$"{SettingsSection}:ConnectionString"]);
    }
}
