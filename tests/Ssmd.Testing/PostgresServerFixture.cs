using Npgsql;
using Ssmd.Testing.Internal;
using Xunit;

namespace Ssmd.Testing;

/// <summary>
/// A real PostgreSQL cluster of its own (initdb in a temp folder under /tmp) listening on 127.0.0.1,
/// superuser <c>ssmd</c> with trust authentication. Use it once per test assembly
/// (<c>[assembly: AssemblyFixture(typeof(PostgresServerFixture))]</c>) or per class; tests keep apart
/// through <see cref="CreateDatabaseAsync"/>.
/// </summary>
/// <remarks>
/// postgres and initdb refuse to run as root, so under root they run as the <c>postgres</c> OS user via
/// <c>setpriv</c>, which execs (unlike runuser, which stays as a parent and SIGKILLs postgres on
/// SIGTERM): signals reach the postmaster itself. That user must reach the folder, which is why it is
/// under /tmp and not the user's temp folder (/root is mode 700).
/// </remarks>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    /// <summary>Environment variable naming PostgreSQL's bin folder, overriding the newest <c>/usr/lib/postgresql/*/bin</c>.</summary>
    public const string BinDirectoryVariable = "SSMD_PG_BIN";

    /// <summary>The cluster's superuser.</summary>
    public const string UserName = "ssmd";

    private const string OsUser = "postgres";

    private readonly Lock _gate = new();
    private readonly List<string> _handedOut = [];
    private TempFolder? _folder;
    private LocalServerProcess? _server;
    private string? _binDirectory;
    private int _nextId;

    /// <summary>Npgsql connection string for the <c>postgres</c> database: <c>Host=127.0.0.1;Port=…;Username=ssmd;Database=postgres</c>.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={UserName};Database=postgres";

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port => Server.Ports[0];

    /// <summary>The postmaster's process id.</summary>
    public int ProcessId => Server.Id;

    /// <summary>PostgreSQL's bin folder in use (pg_controldata, psql… live there).</summary>
    public string BinDirectory => _binDirectory ?? throw NotStarted();

    /// <summary>The cluster's data folder (PGDATA).</summary>
    public string DataDirectory => Path.Combine(Folder, "data");

    /// <summary>The folder holding the Unix socket.</summary>
    public string SocketDirectory => Path.Combine(Folder, "sock");

    /// <summary>The fixture's temp folder, deleted on dispose.</summary>
    public string Folder => _folder?.Path ?? throw NotStarted();

    private LocalServerProcess Server => _server ?? throw NotStarted();

    /// <summary>Creates and starts the cluster; xunit calls this once for the fixture.</summary>
    public ValueTask InitializeAsync() => new(StartAsync(TestContext.Current.CancellationToken));

    /// <summary>Runs initdb, starts postgres and returns once it accepts connections.</summary>
    /// <exception cref="LocalServerException">PostgreSQL is missing, initdb failed, or postgres died or was not ready in time.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_server is not null)
            throw new InvalidOperationException($"{nameof(PostgresServerFixture)} is already started.");

        var bin = PostgresBinaries.FindBinDirectory(BinDirectoryVariable);
        var asRoot = Posix.IsRoot;
        if (asRoot && !OsUserExists(OsUser))
        {
            throw new LocalServerException(
                $"postgres refuses to run as root and the `{OsUser}` OS user to run it as does not exist: " +
                $"run `{PostgresBinaries.InstallHint}`, which creates it");
        }

        _binDirectory = bin;
        // Under /tmp, not Path.GetTempPath(): the postgres user must reach every parent folder.
        _folder = TempFolder.Create("pg", root: "/tmp");
        try
        {
            var data = _folder.Sub("data");
            var sock = _folder.Sub("sock");
            if (asRoot)
            {
                await LocalServerProcess.RunToCompletionAsync(
                    "chown", ServerBinary.FindOnPath("chown") ?? "/bin/chown", ["-R", $"{OsUser}:{OsUser}", _folder.Path],
                    _folder.Path, TimeSpan.FromSeconds(30), cancellationToken);
            }

            var (initdb, initdbArgs) = Command(bin, "initdb", asRoot,
                "-D", data, "-U", UserName, "--auth=trust", "-E", "UTF8", "--no-locale",
                // A throwaway cluster: no need to wait for the disk to flush it.
                "--no-sync", "--no-instructions");
            await LocalServerProcess.RunToCompletionAsync(
                "initdb", initdb, initdbArgs, _folder.Path, TimeSpan.FromSeconds(120), cancellationToken);

            _server = await LocalServerProcess.StartAsync(
                new LocalServerSpec
                {
                    Name = "postgres",
                    FileName = Command(bin, "postgres", asRoot).FileName,
                    WorkingDirectory = _folder.Path,
                    Arguments = ports => Command(bin, "postgres", asRoot,
                        "-D", data, "-p", $"{ports[0]}", "-k", sock, "-c", "listen_addresses=127.0.0.1",
                        // fsync=off: only for this throwaway test cluster. It makes commits and CREATE DATABASE
                        // stop waiting for the disk on a shared CI machine; a crash can only lose a cluster that
                        // is deleted anyway. Never set it anywhere else.
                        "-c", "fsync=off").Arguments,
                    IsReadyAsync = (ports, ct) => AcceptsConnectionsAsync(ports[0], ct),
                    // SIGINT is the fast shutdown: it disconnects clients and leaves the cluster "shut down".
                    // SIGTERM (smart) would wait for every pooled connection to close.
                    StopSignal = Posix.SigInt,
                    ReadyTimeout = TimeSpan.FromSeconds(60),
                },
                cancellationToken);
        }
        catch
        {
            _folder.Dispose();
            _folder = null;
            throw;
        }
    }

    /// <summary>
    /// Creates a database no other test of this run uses and returns the connection string to it.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = $"test_{Interlocked.Increment(ref _nextId)}";
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            // The name is ours (test_<n>), so it needs no escaping.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
        lock (_gate)
            _handedOut.Add(connectionString);
        return connectionString;
    }

    /// <summary>
    /// Closes this fixture's pooled connections and stops postgres with a fast shutdown (SIGINT; SIGKILL
    /// after 15 s), leaving the cluster "shut down" and the folder in place. Idempotent.
    /// </summary>
    public Task StopAsync()
    {
        if (_server is null)
            return Task.CompletedTask;

        string[] connectionStrings;
        lock (_gate)
            connectionStrings = [ConnectionString, .. _handedOut];
        foreach (var connectionString in connectionStrings)
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }

        return _server.StopAsync();
    }

    /// <summary>Stops the cluster and deletes its temp folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _folder?.Dispose();
    }

    private static string Setpriv => ServerBinary.FindOnPath("setpriv") ?? "/usr/bin/setpriv";

    /// <summary>
    /// The command line for a PostgreSQL tool: direct, or under root through setpriv, which drops to the
    /// postgres user and execs the tool so it keeps the same PID and gets our signals.
    /// </summary>
    private static (string FileName, List<string> Arguments) Command(string bin, string tool, bool asRoot, params string[] arguments)
    {
        var path = Path.Combine(bin, tool);
        return asRoot
            ? (Setpriv, [$"--reuid={OsUser}", $"--regid={OsUser}", "--init-groups", "--", path, .. arguments])
            : (path, [.. arguments]);
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            // No pooling: a probe's connection must not stay behind in a pool.
            await using var connection = new NpgsqlConnection(
                $"Host=127.0.0.1;Port={port};Username={UserName};Database=postgres;Pooling=false;Timeout=2");
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false; // refused, or "the database system is starting up"
        }
    }

    private static bool OsUserExists(string name) =>
        File.ReadLines("/etc/passwd").Any(line => line.StartsWith(name + ":", StringComparison.Ordinal));

    private static InvalidOperationException NotStarted() =>
        new($"{nameof(PostgresServerFixture)} is not started: call {nameof(InitializeAsync)} or {nameof(StartAsync)} first.");
}
