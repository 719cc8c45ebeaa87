using Aspire.Hosting.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;
using Ssmd.Testing;

namespace Ssmd.AppHost.Tests;

public sealed class AppHostTests : IDisposable
{
    private static readonly string[] Infrastructure = ["nats", "postgres", "secmaster", "archive"];
    private static readonly string[] Services = ["kalshisim", "connector", "archiver", "gateway", "worker"];
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("ssmd-apphost-");

    [Fact]
    public async Task AppHost_brings_up_healthy_infrastructure_gives_the_gateway_working_connection_strings_and_leaves_no_process_behind()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = cts.Token;
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ssmd_AppHost>(
            [$"--Ssmd:DataDir={_data.FullName}"], ct);
        var app = await appHost.BuildAsync(ct);
        HashSet<int> pids;
        try
        {
            await app.StartAsync(ct);
            foreach (var name in Infrastructure.Concat(Services))
            {
                await WaitHealthyOrFailAsync(app, name, ct);
            }

            // What the gateway process really received, read from its environment.
            var gatewayPid = Pid(app, "gateway");
            var environment = ProcessTree.Environment(gatewayPid);
            var nats = environment["ConnectionStrings__nats"];
            var secmaster = environment["ConnectionStrings__secmaster"];
            Assert.Equal(await app.GetConnectionStringAsync("nats", ct), nats);
            Assert.Equal(await app.GetConnectionStringAsync("secmaster", ct), secmaster);
            Assert.False(environment.ContainsKey("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"));

            await AssertJetStreamWorksAsync(nats, ct);
            await AssertSecmasterWorksAsync(secmaster, ct);

            using var http = app.CreateHttpClient("gateway");
            var health = await http.GetStringAsync(new Uri("/v1/health", UriKind.Relative), ct);
            Assert.Contains("\"NATS\":\"Healthy\"", health, StringComparison.Ordinal);
            Assert.Contains("\"status\":\"Healthy\"", health, StringComparison.Ordinal);

            // The default environment's feed: the simulator answers Kalshi's REST.
            using var simulator = app.CreateHttpClient("kalshisim");
            var exchange = await simulator.GetStringAsync(new Uri("/trade-api/v2/exchange/status", UriKind.Relative), ct);
            Assert.Contains("\"trading_active\"", exchange, StringComparison.Ordinal);

            pids = [.. ProcessTree.AspireTree(Environment.ProcessId).Keys];
            Assert.Contains("dcp", ProcessTree.AspireTree(Environment.ProcessId).Values);
            pids.UnionWith(new[] { "nats", "postgres", "archive" }.Concat(Services).Select(name => Pid(app, name)));
            pids.Add(PostmasterPid());
        }
        finally
        {
            await app.DisposeAsync();
        }

        var left = await ProcessTree.WaitUntilGoneAsync(pids, TimeSpan.FromSeconds(20));
        Assert.True(left.Count == 0, $"Still running after the AppHost was disposed: {string.Join(", ", left.Select(ProcessTree.Describe))}");
    }

    /// <summary>Healthy, or fail at once when the resource has ended, rather than waiting out the timeout.</summary>
    private static async Task WaitHealthyOrFailAsync(DistributedApplication app, string name, CancellationToken ct)
    {
        var state = await app.ResourceNotifications.WaitForResourceAsync(name,
            e => e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy ||
                 KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ct);
        Assert.True(state.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
            $"{name} ended as {state.Snapshot.State?.Text} (exit code {state.Snapshot.ExitCode}) instead of becoming healthy");
    }

    private static async Task AssertJetStreamWorksAsync(string url, CancellationToken ct)
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = url });
        var js = new NatsJSContext(connection);
        await js.CreateStreamAsync(new StreamConfig("APPHOST_TEST", ["apphost.test"]), ct);
        var ack = await js.PublishAsync("apphost.test", "hello"u8.ToArray(), cancellationToken: ct);
        ack.EnsureSuccess();
        Assert.Equal(1UL, ack.Seq);
    }

    private static async Task AssertSecmasterWorksAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);
        Assert.Equal("secmaster", await command.ExecuteScalarAsync(ct));
    }

    private static int Pid(DistributedApplication app, string resource)
    {
        Assert.True(app.ResourceNotifications.TryGetCurrentState(resource, out var state), $"No state for {resource}");
        var pid = state.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value;
        return Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture);
    }

    private int PostmasterPid() =>
        int.Parse(File.ReadLines(Path.Combine(_data.FullName, "postgres", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            _data.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A server that failed to stop still holds files; the assertion above already reports it.
        }
    }
}
