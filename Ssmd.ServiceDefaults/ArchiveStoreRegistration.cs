using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Ssmd.ServiceDefaults;
using Ssmd.ServiceDefaults.Internal;

namespace Microsoft.Extensions.Hosting;

/// <summary>The archive object store registration: an S3 endpoint or a local folder.</summary>
public static class ArchiveStoreRegistration
{
    private const string SettingsSection = "Ssmd:Archive";

    /// <summary>
    /// Reads and parses the archive connection string and registers the parsed
    /// <see cref="ArchiveStoreSettings"/> singleton. For S3 it also registers a singleton
    /// <see cref="IAmazonS3"/> (path-style addressing, checksums only when required, so MinIO and s3rver
    /// work) and a health check <c>S3</c>; for a folder, a health check <c>ArchiveFolder</c>.
    /// </summary>
    /// <remarks>
    /// Users of the <see cref="IAmazonS3"/> client: set <c>UseChunkEncoding = false</c> on every
    /// <c>PutObjectRequest</c>. s3rver stores an aws-chunked body verbatim (chunk signatures and all),
    /// so the object would not be the bytes that were sent; MinIO and AWS accept unchunked bodies too.
    /// S3 calls show up in traces as HttpClient spans; there is no separate AWS trace source.
    /// </remarks>
    /// <param name="builder">The host builder.</param>
    /// <param name="connectionName">Name of the connection string, <c>ConnectionStrings:&lt;connectionName&gt;</c>.</param>
    /// <param name="configureSettings">Runs after the settings are read from configuration, before parsing.</param>
    /// <exception cref="ConnectionStringException">The connection string is missing or in neither format.</exception>
    public static void AddArchiveStore(
        this IHostApplicationBuilder builder,
        string connectionName = "archive",
        Action<ArchiveStoreSettings>? configureSettings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new ArchiveStoreSettings();
        var source = ClientSettingsLoader.Load(builder.Configuration, SettingsSection, connectionName, settings, configureSettings);
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw ConnectionStringException.Missing(connectionName, "archive store", ArchiveConnectionString.Format, ArchiveConnectionString.Example,
                $"{SettingsSection}:{connectionName}:ConnectionString");
        }

        if (!ArchiveConnectionString.TryParse(settings.ConnectionString, settings, out var problem))
        {
            throw ConnectionStringException.Malformed(connectionName, source, "archive store", problem, ArchiveConnectionString.Format, ArchiveConnectionString.Example);
        }

        builder.Services.TryAddSingleton(provider =>
        {
            ServiceDefaultsLog.ArchiveStoreCreated(Logger(provider), connectionName, settings.ToString());
            return settings;
        });

        if (settings.Kind == ArchiveStoreKind.S3)
        {
            builder.Services.TryAddSingleton<IAmazonS3>(provider => CreateS3Client(provider.GetRequiredService<ArchiveStoreSettings>()));
        }

        if (!settings.DisableHealthChecks)
        {
            builder.TryAddHealthCheck(settings.Kind == ArchiveStoreKind.S3
                ? new HealthCheckRegistration("S3", provider => new S3HealthCheck(provider.GetRequiredService<IAmazonS3>()), failureStatus: null, tags: null)
                : new HealthCheckRegistration("ArchiveFolder", _ => new ArchiveFolderHealthCheck(settings.FolderPath!), failureStatus: null, tags: null));
        }
    }

    private static AmazonS3Client CreateS3Client(ArchiveStoreSettings settings)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = settings.Endpoint!.ToString(),
            AuthenticationRegion = settings.Region,
            // Bucket in the path (http://host:port/bucket/key): MinIO and s3rver have no per-bucket DNS names.
            ForcePathStyle = true,
            // AWSSDK 4 otherwise adds CRC trailers to every upload, which s3rver and older MinIO reject.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        return new AmazonS3Client(new BasicAWSCredentials(settings.AccessKey, settings.SecretKey), config);
    }

    private static ILogger Logger(IServiceProvider provider) =>
        provider.GetRequiredService<ILoggerFactory>().CreateLogger(ServiceDefaultsLog.Category);
}
