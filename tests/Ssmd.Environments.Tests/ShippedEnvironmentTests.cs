namespace Ssmd.Environments.Tests;

public sealed class ShippedEnvironmentTests
{
    [Fact]
    public void Sim_is_the_simulator_with_no_credentials()
    {
        var sim = SsmdEnvironmentLoader.Load(TestFiles.Shipped("sim"));

        Assert.Equal("ssmd/v1", sim.ApiVersion);
        Assert.Equal("Environment", sim.Kind);
        Assert.Equal("sim", sim.Name);
        Assert.Equal(TestFiles.Shipped("sim"), sim.SourcePath);
        Assert.False(string.IsNullOrWhiteSpace(sim.Description));
        Assert.Equal("kalshi", sim.Feed.Exchange);
        Assert.Equal(FeedSource.Simulator, sim.Feed.Source);
        Assert.Null(sim.Feed.WebSocketUrl);
        Assert.Null(sim.Feed.RestUrl);
        Assert.Equal(["orderbook_delta", "ticker", "trade", "market_lifecycle_v2"], sim.Feed.Channels);
        Assert.Equal(200, sim.Feed.MarketsPerSubscription);
        Assert.Empty(sim.Secrets);
    }

    [Fact]
    public void Kalshi_uses_the_production_endpoints_and_secret_references()
    {
        var kalshi = SsmdEnvironmentLoader.Load(TestFiles.Shipped("kalshi"));

        Assert.Equal("kalshi", kalshi.Name);
        Assert.Equal(FeedSource.Kalshi, kalshi.Feed.Source);
        Assert.Equal(new Uri("wss://external-api-ws.kalshi.com/trade-api/ws/v2"), kalshi.Feed.WebSocketUrl);
        Assert.Equal(new Uri("https://external-api.kalshi.com/trade-api/v2"), kalshi.Feed.RestUrl);
        Assert.Equal(["orderbook_delta", "ticker", "trade", "market_lifecycle_v2"], kalshi.Feed.Channels);
        Assert.InRange(kalshi.Feed.MarketsPerSubscription, 1, 250);
        Assert.Equal(new EnvironmentSecretReference("KALSHI_API_KEY_ID"), kalshi.Secrets["kalshiApiKeyId"]);
        Assert.Equal(new FileSecretReference("/var/run/secrets/kalshi/private-key.pem"), kalshi.Secrets["kalshiPrivateKey"]);
    }

    [Theory]
    [InlineData("sim")]
    [InlineData("kalshi")]
    public void Both_share_the_daily_cycle_streams_and_archive_layout(string name)
    {
        var environment = SsmdEnvironmentLoader.Load(SsmdEnvironmentLoader.ResolvePath(name, TestFiles.RepositoryRoot));

        Assert.Equal(TimeZoneInfo.Utc.BaseUtcOffset, environment.Schedule.TimeZone.BaseUtcOffset);
        Assert.Equal(new TimeOnly(0, 0), environment.Schedule.Teardown);
        Assert.Equal(new TimeOnly(0, 10), environment.Schedule.Startup);

        var raw = environment.Transport.Nats.RawStream;
        var normalized = environment.Transport.Nats.NormalizedStream;
        Assert.Equal("KALSHI_RAW", raw.Name);
        Assert.Equal("KALSHI_NORMALIZED", normalized.Name);
        Assert.All([raw, normalized], stream =>
        {
            Assert.Equal(TimeSpan.FromHours(48), stream.MaxAge);
            Assert.Equal(TimeSpan.FromMinutes(2), stream.DuplicateWindow);
            Assert.True(stream.MaxBytes >= 1L << 30, "a stream keeps at least 1GiB");
        });

        Assert.Equal(new StorageLocation { Bucket = "ssmd-raw", Prefix = "kalshi" }, environment.Storage.Raw);
        Assert.Equal(new StorageLocation { Bucket = "ssmd-normalized", Prefix = "kalshi/v1" }, environment.Storage.Normalized);

        // The gold captures' series is captured, and an unrelated market is not.
        Assert.True(environment.Symbols.Selects("KXGOLD15M-26AUG050000-00", "KXGOLD15M", "Commodities"));
        Assert.False(environment.Symbols.Selects("KXHIGHNY-26NOV24-B52.5", "KXHIGHNY", "Climate and Weather"));
    }

    [Fact]
    public void Kalshi_production_sizes_its_streams_larger_than_the_simulator()
    {
        var sim = SsmdEnvironmentLoader.Load(TestFiles.Shipped("sim"));
        var kalshi = SsmdEnvironmentLoader.Load(TestFiles.Shipped("kalshi"));

        Assert.Equal(20L << 30, kalshi.Transport.Nats.RawStream.MaxBytes);
        Assert.Equal(10L << 30, kalshi.Transport.Nats.NormalizedStream.MaxBytes);
        Assert.True(sim.Transport.Nats.RawStream.MaxBytes < kalshi.Transport.Nats.RawStream.MaxBytes);
    }
}
