using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Gateway.Tests.Infrastructure;
using Ssmd.Testing;

namespace Ssmd.Gateway.Tests;

/// <summary>The gateway's read of the normalized stream, against a real nats-server.</summary>
public sealed class FeedTests
{
    [Fact(Timeout = 180_000)]
    public async Task A_stream_replayed_far_faster_than_the_gateway_applies_it_is_taken_whole_without_a_message_dropped_by_the_client()
    {
        var ct = TestContext.Current.CancellationToken;
        const int Trades = 150_000;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        using var folder = new TempDirectory();
        var environment = ConnectorHost.WriteEnvironment(folder.Path);
        await using var connection = await nats.CreateConnectionAsync(ct);
        var publisher = await NormalizedPublisher.CreateAsync(connection, environment, ct);

        // A day's stream already there when the gateway starts (a restart mid-day): it replays it from the
        // first message as fast as JetStream delivers, much faster than it applies.
        var last = await publisher.BurstOfTradesAsync(Trades, tickers: 500, ct);
        await using var gateway = await GatewayHost.StartAsync(nats.Url, environment);
        await gateway.WaitCaughtUpAsync(last, TimeSpan.FromSeconds(150));

        Assert.Equal(Trades, gateway.Stats.FeedMessages);
        Assert.Equal(0, gateway.Stats.FeedDropped);
    }
}
