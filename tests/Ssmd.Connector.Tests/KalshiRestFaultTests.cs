using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;
using Ssmd.Connector.Feed;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Testing;

namespace Ssmd.Connector.Tests;

/// <summary>Kalshi REST failing the way the service defaults' resilience handler reports it, against the simulator.</summary>
public sealed class KalshiRestFaultTests
{
    [Fact(Timeout = 180_000)]
    public async Task A_new_market_whose_look_up_times_out_is_found_by_the_next_sweep_and_later_new_markets_are_still_added()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        await using var sim = await SimHost.StartAsync(markets: 12);
        using var folder = new TempDirectory();
        var lookUps = new LookUps();
        await using var connector = await ConnectorHost.StartAsync(sim, nats.Url, ConnectorHost.WriteEnvironment(folder.Path),
            new() { ["Connector:DiscoveryInterval"] = "00:00:03" },
            builder => builder.Services.AddHttpClient(Connector.KalshiRestClientName).AddHttpMessageHandler(() => new FailFirstLookUp(lookUps)));
        await connector.WaitConnectedAsync(TimeSpan.FromSeconds(60));
        var context = connector.Services.GetRequiredService<FeedContext>();
        var captured = context.CapturedMarkets().ToHashSet(StringComparer.Ordinal);

        // The first new market's look-up fails with what the standard resilience handler throws when Kalshi
        // is slow (its total timeout): no HttpRequestException, no TaskCanceledException.
        await sim.SetLoadAsync(paused: true, markets: await sim.MarketCountAsync() + 1);
        await ConnectorHost.Until(() => lookUps.Failed == 1, TimeSpan.FromSeconds(30), "the first look-up failed");

        // A market created after it is still looked up and subscribed, and the sweep finds the first.
        await sim.SetLoadAsync(paused: true, markets: await sim.MarketCountAsync() + 1);
        await ConnectorHost.Until(() => context.CapturedMarkets().Except(captured).Count() == 2, TimeSpan.FromSeconds(30),
            () => $"both new markets subscribed; new: [{string.Join(", ", context.CapturedMarkets().Except(captured))}], look-ups {lookUps.Seen}");
        Assert.True(lookUps.Seen >= 2, $"the second market was looked up ({lookUps.Seen} look-ups)");
        Assert.Equal(connector.Service.ExpectedConnections, connector.Stats.ConnectedSockets);
    }

    /// <summary>Single-market look-ups seen, shared by every handler the client factory builds.</summary>
    private sealed class LookUps
    {
        private int _seen;
        private int _failed;

        public int Seen => Volatile.Read(ref _seen);

        public int Failed => Volatile.Read(ref _failed);

        /// <summary>Counts a look-up; true for the first, which is to fail.</summary>
        public bool FailThis()
        {
            if (Interlocked.Increment(ref _seen) != 1)
                return false;
            Volatile.Write(ref _failed, 1);
            return true;
        }
    }

    /// <summary>Fails the first single-market look-up (<c>GET markets/{ticker}</c>) as the resilience handler's timeout would.</summary>
    private sealed class FailFirstLookUp(LookUps lookUps) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var lookUp = path.Contains("/markets/", StringComparison.Ordinal) && !path.EndsWith("/markets/trades", StringComparison.Ordinal);
            if (lookUp && lookUps.FailThis())
                throw new TimeoutRejectedException("The operation didn't complete within the allowed timeout of '00:00:30'.");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
