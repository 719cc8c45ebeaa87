namespace Ssmd.ServiceDefaults.Tests;

/// <summary>Connection details reach logs and ToString, secrets never do.</summary>
public sealed class SecretRedactionTests
{
    private const string SecretKey = "Pa55-s3-SECRET-key";
    private const string NatsPassword = "Pa55-nats-SECRET";

    [Fact]
    public void Archive_settings_ToString_shows_endpoint_and_access_key_but_not_the_secret_key()
    {
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:archive"] = $"Endpoint=http://127.0.0.1:9000;AccessKey=ssmd-access;SecretKey={SecretKey}",
        });
        builder.AddArchiveStore();
        using var provider = builder.Services.BuildServiceProvider();

        var text = provider.GetRequiredService<ArchiveStoreSettings>().ToString();

        Assert.Contains("http://127.0.0.1:9000", text, StringComparison.Ordinal);
        Assert.Contains("ssmd-access", text, StringComparison.Ordinal);
        Assert.Contains("***", text, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clients_log_where_they_connect_without_passwords_or_secret_keys()
    {
        var logs = new CapturingLoggerProvider();
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:archive"] = $"Endpoint=http://127.0.0.1:9000;AccessKey=ssmd-access;SecretKey={SecretKey}",
            ["ConnectionStrings:nats"] = $"nats://ssmd:{NatsPassword}@127.0.0.1:4222,nats://{NatsPassword}@127.0.0.1:4223",
            ["ConnectionStrings:temporal"] = "127.0.0.1:7233",
        });
        builder.Logging.AddProvider(logs);
        builder.AddArchiveStore();
        builder.AddNatsClient("nats");
        builder.AddTemporalClient();
        await using var provider = builder.Services.BuildServiceProvider();

        provider.GetRequiredService<Amazon.S3.IAmazonS3>();
        provider.GetRequiredService<NATS.Client.Core.INatsConnection>();
        provider.GetRequiredService<Temporalio.Client.ITemporalClient>();

        var all = string.Join('\n', logs.Lines);
        Assert.Contains("Archive store 'archive': S3 http://127.0.0.1:9000", all, StringComparison.Ordinal);
        Assert.Contains("nats://ssmd:***@127.0.0.1:4222,nats://***@127.0.0.1:4223", all, StringComparison.Ordinal);
        Assert.Contains("Temporal client 'temporal' uses 127.0.0.1:7233", all, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, all, StringComparison.Ordinal);
        Assert.DoesNotContain(NatsPassword, all, StringComparison.Ordinal);
    }
}
