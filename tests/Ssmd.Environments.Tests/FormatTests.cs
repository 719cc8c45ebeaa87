namespace Ssmd.Environments.Tests;

/// <summary>What valid definitions mean.</summary>
public sealed class FormatTests
{
    [Fact]
    public void Secrets_can_come_from_a_variable_a_file_or_a_kubernetes_secret()
    {
        var environment = SampleEnvironment.Parse(SampleEnvironment.Sim + """
            secrets:
              kalshiApiKeyId: { env: KALSHI_API_KEY_ID }
              kalshiPrivateKey: { secretRef: { name: kalshi, key: private-key } }
              archiveKey: { file: /run/secrets/archive-key }

            """);

        Assert.Equal(new EnvironmentSecretReference("KALSHI_API_KEY_ID"), environment.Secrets["kalshiApiKeyId"]);
        Assert.Equal(new KubernetesSecretReference("kalshi", "private-key"), environment.Secrets["kalshiPrivateKey"]);
        Assert.Equal(new FileSecretReference("/run/secrets/archive-key"), environment.Secrets["archiveKey"]);
        Assert.Equal("secretRef kalshi/private-key", environment.Secrets["kalshiPrivateKey"].ToString());
    }

    [Fact]
    public void Kalshi_demo_with_kubernetes_secrets_is_a_valid_kalshi_environment()
    {
        var yaml = SampleEnvironment.Sim.Replace("  source: simulator\n", """
              source: kalshi
              websocketUrl: wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2
              restUrl: https://external-api.demo.kalshi.co/trade-api/v2

            """, StringComparison.Ordinal) + """
            secrets:
              kalshiApiKeyId: { secretRef: { name: kalshi-demo, key: api-key-id } }
              kalshiPrivateKey: { secretRef: { name: kalshi-demo, key: private-key } }

            """;

        var environment = SampleEnvironment.Parse(yaml);

        Assert.Equal(FeedSource.Kalshi, environment.Feed.Source);
        Assert.Equal("external-api-ws.demo.kalshi.co", environment.Feed.WebSocketUrl?.Host);
        Assert.Equal(2, environment.Secrets.Count);
    }

    [Fact]
    public void Durations_and_sizes_are_read_with_their_units()
    {
        var yaml = SampleEnvironment.Sim.Replace(
            "rawStream: { name: KALSHI_RAW, maxAge: 48h, duplicateWindow: 2m, maxBytes: 20GiB }",
            "rawStream: { name: KALSHI_RAW, maxAge: 7d, duplicateWindow: 30s, maxBytes: 512MiB }",
            StringComparison.Ordinal);

        var raw = SampleEnvironment.Parse(yaml).Transport.Nats.RawStream;

        Assert.Equal(TimeSpan.FromDays(7), raw.MaxAge);
        Assert.Equal(TimeSpan.FromSeconds(30), raw.DuplicateWindow);
        Assert.Equal(512L * 1024 * 1024, raw.MaxBytes);
    }

    [Fact]
    public void A_market_is_selected_by_any_include_entry_and_removed_by_any_exclude_entry()
    {
        var yaml = SampleEnvironment.Sim.Replace("""
              include:
                - series: [KXGOLD15M]
            """, """
              include:
                - categories: [Economics]
                - { categories: [Climate and Weather], series: [KXHIGHNY] }
                - tickers: [KXBTCD-26NOV2417-T97499.99]
              exclude:
                - series: [KXCPI]
            """, StringComparison.Ordinal);

        var symbols = SampleEnvironment.Parse(yaml).Symbols;

        Assert.True(symbols.Selects("KXFED-26DEC-T4.00", "KXFED", "economics"));                 // category, any case
        Assert.False(symbols.Selects("KXCPI-26NOV-T0.3", "KXCPI", "Economics"));                 // excluded series
        Assert.True(symbols.Selects("KXHIGHNY-26NOV24-B52.5", "KXHIGHNY", "Climate and Weather")); // both lists of one entry
        Assert.False(symbols.Selects("KXHIGHCHI-26NOV24-B40.5", "KXHIGHCHI", "Climate and Weather"));
        Assert.True(symbols.Selects("KXBTCD-26NOV2417-T97499.99", null, null));                  // by ticker alone
        Assert.False(symbols.Selects("KXFED-26DEC-T4.00", "KXFED", null));                       // category unknown
    }

    [Fact]
    public void Optional_fields_left_empty_take_their_defaults()
    {
        var yaml = SampleEnvironment.Sim
            .Replace("name: sample\n", "name: sample\ndescription:\n", StringComparison.Ordinal)
            .Replace("raw: { bucket: ssmd-raw, prefix: kalshi }", "raw: { bucket: ssmd-raw }", StringComparison.Ordinal)
            + "secrets:\n";

        var environment = SampleEnvironment.Parse(yaml);

        Assert.Null(environment.Description);
        Assert.Equal("", environment.Storage.Raw.Prefix);
        Assert.Empty(environment.Symbols.Exclude);
        Assert.Empty(environment.Secrets);
        Assert.Equal("sample.yaml", environment.SourcePath);
    }
}
