using NATS.Client.Core;
using Ssmd.Testing.Internal;
using Xunit;

namespace Ssmd.Testing;

/// <summary>
/// A real nats-server with JetStream on 127.0.0.1, in a temp folder of its own. Use it once per test
/// assembly (<c>[assembly: AssemblyFixture(typeof(NatsServerFixture))]</c>) or per class
/// (<c>IClassFixture&lt;NatsServerFixture&gt;</c>); tests share the server and keep apart through
/// <see cref="NextStreamName"/> and <see cref="NextSubjectPrefix"/>.
/// </summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    /// <summary>Environment variable that overrides <see cref="DefaultServerPath"/>.</summary>
    public const string ServerPathVariable = "SSMD_NATS_SERVER";

    /// <summary>Where Debian's nats-server package installs the binary (not on a normal user's PATH).</summary>
    public const string DefaultServerPath = "/usr/sbin/nats-server";

    private TempFolder? _folder;
    private LocalServerProcess? _server;
    private int _nextId;

    /// <summary>The client URL, <c>nats://127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Url => $"nats://127.0.0.1:{Server.Ports[0]}";

    /// <summary>The HTTP monitoring endpoint, <c>http://127.0.0.1:&lt;port&gt;</c> (<c>/healthz</c>, <c>/jsz</c>, <c>/varz</c>).</summary>
    public string MonitorUrl => $"http://127.0.0.1:{Server.Ports[1]}";

    /// <summary>The nats-server process id.</summary>
    public int ProcessId => Server.Id;

    /// <summary>The JetStream store folder (inside the fixture's temp folder, deleted on dispose).</summary>
    public string StoreDirectory => Path.Combine(Folder, "jetstream");

    /// <summary>The fixture's temp folder, deleted on dispose.</summary>
    public string Folder => _folder?.Path ?? throw NotStarted();

    private LocalServerProcess Server => _server ?? throw NotStarted();

    /// <summary>Starts the server; xunit calls this once for the fixture.</summary>
    public ValueTask InitializeAsync() => new(StartAsync(TestContext.Current.CancellationToken));

    /// <summary>Starts nats-server and returns once <c>/healthz</c> answers 200.</summary>
    /// <exception cref="LocalServerException">nats-server is missing, died, or did not become ready in time.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_server is not null)
            throw new InvalidOperationException($"{nameof(NatsServerFixture)} is already started.");

        _folder = TempFolder.Create("nats");
        try
        {
            _server = await LocalServerProcess.StartAsync(Spec(fixedPorts: null), cancellationToken);
        }
        catch
        {
            _folder.Dispose();
            _folder = null;
            throw;
        }
    }

    /// <summary>Kills nats-server with SIGKILL, as a crash or an OOM kill would; <see cref="RestartAsync"/> brings it back.</summary>
    public Task KillAsync() => Server.KillAsync();

    /// <summary>
    /// Starts nats-server again (after <see cref="KillAsync"/> or <see cref="StopAsync"/>) on the same ports
    /// with the same JetStream store, so clients reconnect to the URL they know and find their streams.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        var ports = Server.Ports;
        await Server.StopAsync();
        _server = await LocalServerProcess.StartAsync(Spec(ports), cancellationToken);
    }

    private LocalServerSpec Spec(int[]? fixedPorts)
    {
        var binary = ServerBinary.Resolve("nats-server", ServerPathVariable, DefaultServerPath, "apt-get install nats-server");
        var store = Path.Combine(Folder, "jetstream");
        Directory.CreateDirectory(store);
        return new LocalServerSpec
        {
            Name = "nats-server",
            FileName = binary,
            WorkingDirectory = Folder,
            PortCount = 2,
            FixedPorts = fixedPorts,
            Arguments = ports =>
                ["-js", "-sd", store, "-a", "127.0.0.1", "-p", $"{ports[0]}", "-m", $"{ports[1]}"],
            // /healthz answers 200 only once JetStream is up too.
            IsReadyAsync = (ports, ct) => HttpProbe.IsOkAsync($"http://127.0.0.1:{ports[1]}/healthz", ct),
        };
    }

    /// <summary>A connected client; the caller disposes it.</summary>
    public async Task<NatsConnection> CreateConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NatsConnection(new NatsOpts { Url = Url, Name = "ssmd-tests" });
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A stream name no other test of this run uses, e.g. <c>TEST_7</c>.</summary>
    /// <param name="prefix">Letters, digits, <c>-</c> or <c>_</c>: stream names may not hold <c>.</c>, <c>*</c>, <c>&gt;</c> or spaces.</param>
    public string NextStreamName(string prefix = "TEST") => $"{prefix}_{Interlocked.Increment(ref _nextId)}";

    /// <summary>A subject prefix no other test of this run uses, e.g. <c>test8</c>: publish to <c>test8.x</c>, bind a stream to <c>test8.&gt;</c>.</summary>
    public string NextSubjectPrefix() => $"test{Interlocked.Increment(ref _nextId)}";

    /// <summary>Stops nats-server (SIGTERM, then SIGKILL after 15 s) but keeps its folder. Idempotent.</summary>
    public Task StopAsync() => _server?.StopAsync() ?? Task.CompletedTask;

    /// <summary>Stops the server and deletes its temp folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _folder?.Dispose();
    }

    private static InvalidOperationException NotStarted() =>
        new($"{nameof(NatsServerFixture)} is not started: call {nameof(InitializeAsync)} or {nameof(StartAsync)} first.");
}
