using NATS.Client.Core;
using NATS.Client.JetStream;
using Ssmd.Streams;
using Ssmd.Testing;

namespace Ssmd.Archiver.Tests.Infrastructure;

/// <summary>
/// What most archiver tests start from: a nats-server of their own holding the environment's streams, a
/// connection to it, and a <see cref="TestWorld"/>. <c>var (nats, world, connection, jetStream) = rig;</c>
/// </summary>
internal sealed class StreamWorld : IAsyncDisposable
{
    private StreamWorld(NatsServerFixture nats, TestWorld world, NatsConnection connection)
    {
        Nats = nats;
        World = world;
        Connection = connection;
        JetStream = new NatsJSContext(connection);
    }

    public NatsServerFixture Nats { get; }

    public TestWorld World { get; }

    public NatsConnection Connection { get; }

    public NatsJSContext JetStream { get; }

    public static async Task<StreamWorld> StartAsync(string name, CancellationToken ct)
    {
        var nats = new NatsServerFixture();
        var world = new TestWorld(name);
        NatsConnection? connection = null;
        try
        {
            await nats.StartAsync(ct);
            connection = await nats.CreateConnectionAsync(ct);
            var started = new StreamWorld(nats, world, connection);
            await SsmdStreams.EnsureAsync(started.JetStream, world.Environment, ct);
            return started;
        }
        catch
        {
            if (connection is not null)
                await connection.DisposeAsync();
            await nats.DisposeAsync();
            world.Dispose();
            throw;
        }
    }

    public void Deconstruct(out NatsServerFixture nats, out TestWorld world, out NatsConnection connection, out NatsJSContext jetStream) =>
        (nats, world, connection, jetStream) = (Nats, World, Connection, JetStream);

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Nats.DisposeAsync();
        World.Dispose();
    }
}
