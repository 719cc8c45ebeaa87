using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Testing;

namespace Ssmd.Gateway.Tests.Infrastructure;

/// <summary>A nats-server of the test's own, the normalized stream, a publisher into it and a gateway reading it.</summary>
internal sealed class StreamRig : IAsyncDisposable
{
    private readonly NatsServerFixture _nats;
    private readonly TempDirectory _folder;
    private readonly NATS.Client.Core.NatsConnection _connection;

    private StreamRig(NatsServerFixture nats, TempDirectory folder, NATS.Client.Core.NatsConnection connection, NormalizedPublisher publisher, GatewayHost gateway)
    {
        _nats = nats;
        _folder = folder;
        _connection = connection;
        Publisher = publisher;
        Gateway = gateway;
    }

    public NormalizedPublisher Publisher { get; }

    public GatewayHost Gateway { get; }

    public static async Task<StreamRig> StartAsync(CancellationToken ct, Dictionary<string, string?>? settings = null, string? secmaster = null)
    {
        var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        var folder = new TempDirectory();
        var environment = ConnectorHost.WriteEnvironment(folder.Path);
        var connection = await nats.CreateConnectionAsync(ct);
        var publisher = await NormalizedPublisher.CreateAsync(connection, environment, ct);
        var gateway = await GatewayHost.StartAsync(nats.Url, environment, secmaster, settings);
        return new StreamRig(nats, folder, connection, publisher, gateway);
    }

    /// <summary>Waits until the gateway has applied everything published so far.</summary>
    public Task SettledAsync(ulong lastSequence) => Gateway.WaitCaughtUpAsync(lastSequence, TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await _connection.DisposeAsync();
        await _nats.DisposeAsync();
        _folder.Dispose();
    }
}
