using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;
using Temporalio.Client;

namespace Ssmd.ServiceDefaults.Tests;

/// <summary>What each registration puts in the container, checked without any server (nothing here connects).</summary>
public sealed class ClientRegistrationTests
{
    private static IReadOnlyList<string> HealthCheckNames(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).ToList();

    [Fact]
    public async Task Nats_registers_the_connection_jetstream_and_a_NATS_health_check_without_connecting()
    {
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = "nats://ssmd:pw@127.0.0.1:4222,nats://127.0.0.1:4223",
            ["Aspire:NATS:Net:nats:ConnectionString"] = "nats://ignored:1", // ConnectionStrings wins, as in Aspire
        });
        builder.AddNatsClient("nats");
        builder.AddNatsJetStream();
        await using var provider = builder.Services.BuildServiceProvider();

        var connection = provider.GetRequiredService<INatsConnection>();
        Assert.Same(provider.GetRequiredService<NatsConnection>(), connection);
        Assert.Equal("nats://ssmd:pw@127.0.0.1:4222,nats://127.0.0.1:4223", connection.Opts.Url);
        Assert.Equal(NatsConnectionState.Closed, connection.ConnectionState);
        Assert.NotNull(provider.GetRequiredService<INatsJSContext>());
        Assert.Contains("NATS", HealthCheckNames(provider));
    }

    [Fact]
    public async Task Nats_settings_can_turn_the_health_check_off_from_configuration()
    {
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = "nats://127.0.0.1:4222",
            ["Aspire:NATS:Net:nats:DisableHealthChecks"] = "true",
        });
        builder.AddNatsClient("nats", configureOptions: (_, options) => options with { Name = "custom" });
        await using var provider = builder.Services.BuildServiceProvider();

        Assert.DoesNotContain("NATS", HealthCheckNames(provider));
        Assert.Equal("custom", provider.GetRequiredService<INatsConnection>().Opts.Name);
    }

    [Fact]
    public void Secmaster_registers_aspire_npgsql_data_source_and_PostgreSql_health_check()
    {
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:secmaster"] = "Host=127.0.0.1;Port=5432;Database=secmaster;Username=ssmd;Password=pw",
        });
        builder.AddSecmasterDataSource();
        using var provider = builder.Services.BuildServiceProvider();

        var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
        var parsed = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.Equal("127.0.0.1", parsed.Host);
        Assert.Equal("secmaster", parsed.Database);
        Assert.Contains("PostgreSql", HealthCheckNames(provider));
    }

    [Fact]
    public void Archive_s3_registers_a_client_configured_for_minio_and_s3rver()
    {
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:archive"] = "Endpoint=http://127.0.0.1:9000;AccessKey=ssmd;SecretKey=pw;Region=eu-west-1",
        });
        builder.AddArchiveStore();
        using var provider = builder.Services.BuildServiceProvider();

        var settings = provider.GetRequiredService<ArchiveStoreSettings>();
        Assert.Equal(ArchiveStoreKind.S3, settings.Kind);
        Assert.Equal(new Uri("http://127.0.0.1:9000"), settings.Endpoint);
        Assert.Equal("eu-west-1", settings.Region);
        Assert.Equal("ssmd", settings.AccessKey);

        var config = (AmazonS3Config)provider.GetRequiredService<IAmazonS3>().Config;
        Assert.True(config.ForcePathStyle);
        Assert.StartsWith("http://127.0.0.1:9000", config.ServiceURL, StringComparison.Ordinal);
        Assert.Equal("eu-west-1", config.AuthenticationRegion);
        Assert.Equal(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.Equal(ResponseChecksumValidation.WHEN_REQUIRED, config.ResponseChecksumValidation);
        Assert.Contains("S3", HealthCheckNames(provider));
    }

    [Fact]
    public void Archive_region_defaults_to_us_east_1()
    {
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:archive"] = "endpoint=http://127.0.0.1:4568;accesskey=S3RVER;secretkey=S3RVER;",
        });
        builder.AddArchiveStore();
        using var provider = builder.Services.BuildServiceProvider();

        Assert.Equal("us-east-1", provider.GetRequiredService<ArchiveStoreSettings>().Region);
    }

    [Fact(Timeout = 30_000)]
    public async Task Archive_folder_is_healthy_when_it_exists_and_is_writable_and_unhealthy_when_missing()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("ssmd-archive-test-");
        try
        {
            var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?> { ["ConnectionStrings:archive"] = new Uri(folder.FullName).AbsoluteUri });
            builder.AddArchiveStore();
            await using var provider = builder.Services.BuildServiceProvider();

            var settings = provider.GetRequiredService<ArchiveStoreSettings>();
            Assert.Equal(ArchiveStoreKind.Folder, settings.Kind);
            Assert.Equal(folder.FullName, settings.FolderPath);
            Assert.Null(provider.GetService<IAmazonS3>());

            var health = provider.GetRequiredService<HealthCheckService>();
            var report = await health.CheckHealthAsync(ct);
            Assert.Equal(HealthStatus.Healthy, report.Entries["ArchiveFolder"].Status);
            Assert.Empty(folder.GetFiles("*", SearchOption.AllDirectories)); // the probe file is gone

            folder.Delete(recursive: true);
            report = await health.CheckHealthAsync(ct);
            Assert.Equal(HealthStatus.Unhealthy, report.Entries["ArchiveFolder"].Status);
            Assert.Contains("does not exist", report.Entries["ArchiveFolder"].Description, StringComparison.Ordinal);
        }
        finally
        {
            if (folder.Exists)
            {
                folder.Delete(recursive: true);
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task S3_health_check_reports_unhealthy_when_nothing_listens()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:archive"] = $"Endpoint=http://127.0.0.1:{UnusedPort()};AccessKey=ssmd;SecretKey=pw",
        });
        builder.AddArchiveStore();
        await using var provider = builder.Services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(ct);

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["S3"].Status);
        Assert.Equal("S3 ListBuckets failed", report.Entries["S3"].Description);
    }

    [Fact]
    public void Temporal_registers_a_lazy_client_with_the_namespace_from_the_connection_string()
    {
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:temporal"] = "Endpoint=127.0.0.1:7233;Namespace=ssmd",
        });
        builder.AddTemporalClient();
        using var provider = builder.Services.BuildServiceProvider();

        var client = provider.GetRequiredService<ITemporalClient>();
        Assert.Equal("ssmd", client.Options.Namespace);
        Assert.False(client.Connection.IsConnected);
        Assert.Equal("127.0.0.1:7233", provider.GetRequiredService<TemporalClientSettings>().TargetHost);
        Assert.Contains("Temporal", HealthCheckNames(provider));
    }

    [Fact]
    public void Temporal_accepts_a_bare_host_and_port_in_the_default_namespace()
    {
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?> { ["ConnectionStrings:temporal"] = "localhost:7233" });
        builder.AddTemporalClient();
        using var provider = builder.Services.BuildServiceProvider();

        var settings = provider.GetRequiredService<TemporalClientSettings>();
        Assert.Equal("localhost:7233", settings.TargetHost);
        Assert.Equal("default", settings.Namespace);
    }

    [Fact(Timeout = 60_000)]
    public async Task Temporal_health_check_reports_unhealthy_when_nothing_listens()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?> { ["ConnectionStrings:temporal"] = $"127.0.0.1:{UnusedPort()}" });
        builder.AddTemporalClient();
        await using var provider = builder.Services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(ct);

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["Temporal"].Status);
        Assert.Equal("Temporal connection failed", report.Entries["Temporal"].Description);
    }

    [Theory]
    [InlineData("ConnectionStrings:temporal", "127.0.0.1:7233", true)]
    [InlineData("Ssmd:Temporal:temporal:ConnectionString", "127.0.0.1:7233", true)]
    [InlineData("ConnectionStrings:temporal", " ", false)]
    [InlineData("ConnectionStrings:nats", "nats://127.0.0.1:4222", false)]
    public void IsTemporalConfigured_says_whether_a_temporal_connection_string_is_set(string key, string value, bool expected)
    {
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?> { [key] = value });

        Assert.Equal(expected, builder.Configuration.IsTemporalConfigured());
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
