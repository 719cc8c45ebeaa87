namespace Ssmd.ServiceDefaults.Tests;

/// <summary>A missing or malformed connection string stops the service at registration, with a message a user can act on.</summary>
public sealed class ConnectionStringErrorTests
{
    private static void Register(string client, IHostApplicationBuilder builder)
    {
        switch (client)
        {
            case "nats": builder.AddNatsClient("nats"); break;
            case "secmaster": builder.AddSecmasterDataSource(); break;
            case "archive": builder.AddArchiveStore(); break;
            case "temporal": builder.AddTemporalClient(); break;
            default: throw new ArgumentOutOfRangeException(nameof(client), client, "unknown client");
        }
    }

    private static ConnectionStringException RegistrationError(string client, string? connectionString)
    {
        var settings = new Dictionary<string, string?>();
        if (connectionString is not null)
        {
            settings[$"ConnectionStrings:{client}"] = connectionString;
        }

        var builder = TestApp.CreateHostBuilder(settings);
        return Assert.Throws<ConnectionStringException>(() => Register(client, builder));
    }

    [Theory]
    [InlineData("nats", "nats://")]
    [InlineData("secmaster", "Host=")]
    [InlineData("archive", "Endpoint=")]
    [InlineData("temporal", "Endpoint=")]
    public void A_missing_connection_string_fails_at_registration_naming_the_key_and_the_format(string client, string formatHint)
    {
        var error = RegistrationError(client, connectionString: null);

        Assert.Contains($"ConnectionStrings:{client}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"ConnectionStrings__{client}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Expected format:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Example:", error.Message, StringComparison.Ordinal);
        Assert.Contains(formatHint, error.Message, StringComparison.Ordinal);
        Assert.Equal($"ConnectionStrings:{client}", error.ConfigurationKey);
        Assert.Equal(client, error.ConnectionName);
        Assert.IsAssignableFrom<InvalidOperationException>(error);
    }

    [Theory]
    [InlineData("nats", "   ")]
    [InlineData("archive", "")]
    public void An_empty_connection_string_counts_as_missing(string client, string value)
    {
        var error = RegistrationError(client, value);

        Assert.StartsWith($"No ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"ConnectionStrings:{client}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // NATS: wrong scheme, password in the user-info.
    [InlineData("nats", "http://ssmd:Pa55-nats-SECRET@127.0.0.1:4222", "Pa55-nats-SECRET", "nats://")]
    // NATS: second server of a list is broken.
    [InlineData("nats", "nats://a:Pa55-nats-SECRET@127.0.0.1:4222,postgres://b:Pa55-nats-SECRET@h:1", "Pa55-nats-SECRET", "server 2 of 2")]
    // PostgreSQL: a bad port value next to a password.
    [InlineData("secmaster", "Host=127.0.0.1;Port=fivefour;Database=secmaster;Username=ssmd;Password=Pa55-pg-SECRET", "Pa55-pg-SECRET", "Port")]
    // PostgreSQL: an unquoted ';' inside the password makes the rest look like a key.
    [InlineData("secmaster", "Host=127.0.0.1;Database=secmaster;Username=ssmd;Password=Pa55;pg-SECRET=x", "pg-SECRET", "Host=host")]
    // PostgreSQL: the server's string instead of the database's.
    [InlineData("secmaster", "Host=127.0.0.1;Port=5432;Username=ssmd;Password=Pa55-pg-SECRET", "Pa55-pg-SECRET", "no Database")]
    // Archive: endpoint without http://.
    [InlineData("archive", "Endpoint=minio:9000;AccessKey=ssmd;SecretKey=Pa55-s3-SECRET", "Pa55-s3-SECRET", "Endpoint")]
    // Archive: secret key missing its key name.
    [InlineData("archive", "Endpoint=http://127.0.0.1:9000;AccessKey=ssmd;Pa55-s3-SECRET", "Pa55-s3-SECRET", "part 3 has no '='")]
    // Archive: a relative folder.
    [InlineData("archive", "file:relative/Pa55-folder-SECRET", "Pa55-folder-SECRET", "absolute")]
    // Temporal: a URL with a scheme and an API key it does not take.
    [InlineData("temporal", "Endpoint=temporal:7233;ApiKey=Pa55-temporal-SECRET", "Pa55-temporal-SECRET", "unknown key")]
    [InlineData("temporal", "https://Pa55-temporal-SECRET@temporal:7233", "Pa55-temporal-SECRET", "host:port")]
    public void A_malformed_connection_string_fails_clearly_without_echoing_its_secret(string client, string value, string secret, string expected)
    {
        var error = RegistrationError(client, value);

        Assert.StartsWith($"ConnectionStrings:{client} is not a valid", error.Message, StringComparison.Ordinal);
        Assert.Contains("Expected format:", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_from_the_settings_section_is_checked_too_and_the_message_still_names_the_connection_strings_key()
    {
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?>
        {
            ["Aspire:NATS:Net:nats:ConnectionString"] = "http://ssmd:Pa55-nats-SECRET@127.0.0.1:4222",
        });

        var error = Assert.Throws<ConnectionStringException>(() => builder.AddNatsClient("nats"));

        Assert.Contains("Aspire:NATS:Net:nats:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:nats", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Pa55-nats-SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_registered_when_the_connection_string_is_rejected()
    {
        var builder = TestApp.CreateHostBuilder(new Dictionary<string, string?> { ["ConnectionStrings:archive"] = "s3://bucket" });
        var before = builder.Services.Count;

        Assert.Throws<ConnectionStringException>(() => builder.AddArchiveStore());

        Assert.Equal(before, builder.Services.Count);
    }
}
