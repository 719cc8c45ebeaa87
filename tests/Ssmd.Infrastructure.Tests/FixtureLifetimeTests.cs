using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;
using Ssmd.Infrastructure.Tests.Internal;
using Ssmd.Testing;

namespace Ssmd.Infrastructure.Tests;

[Collection(nameof(OwnServersCollection))]
public sealed partial class FixtureLifetimeTests
{
    [Fact]
    public async Task Disposing_a_nats_server_fixture_leaves_no_server_process_and_no_folder_behind()
    {
        using var timeout = TestTimeout.Start();
        var fixture = new NatsServerFixture();
        await fixture.StartAsync(timeout.Token);
        var (pid, folder) = (fixture.ProcessId, fixture.Folder);
        Assert.True(ProcessTree.IsAlive(pid));

        await fixture.DisposeAsync();

        Assert.False(ProcessTree.IsAlive(pid), $"nats-server {pid} is still running");
        Assert.False(Directory.Exists(folder), $"{folder} is still there");
    }

    [Fact]
    public async Task Disposing_an_s3rver_fixture_leaves_no_server_process_and_no_folder_behind()
    {
        using var timeout = TestTimeout.Start();
        var fixture = new S3rverFixture();
        await fixture.StartAsync(timeout.Token);
        var (pid, folder) = (fixture.ProcessId, fixture.Folder);
        Assert.True(ProcessTree.IsAlive(pid));

        await fixture.DisposeAsync();

        Assert.False(ProcessTree.IsAlive(pid), $"s3rver {pid} is still running");
        Assert.False(Directory.Exists(folder), $"{folder} is still there");
    }

    [Fact]
    public async Task Stopping_a_postgres_fixture_with_a_client_connected_leaves_the_cluster_shut_down_and_disposing_leaves_nothing_behind()
    {
        using var timeout = TestTimeout.Start();
        var ct = timeout.Token;
        var fixture = new PostgresServerFixture();
        await fixture.StartAsync(ct);
        var (postmaster, folder) = (fixture.ProcessId, fixture.Folder);
        // A client still connected: a smart shutdown would wait for it, the fast one must not.
        await using var client = new NpgsqlConnection(await fixture.CreateDatabaseAsync(ct));
        await client.OpenAsync(ct);
        var backends = ProcessTree.ChildrenOf(postmaster);
        Assert.NotEmpty(backends);

        await fixture.StopAsync();

        Assert.False(ProcessTree.IsAlive(postmaster), $"postmaster {postmaster} is still running");
        Assert.All(backends, pid => Assert.False(ProcessTree.IsAlive(pid), $"postgres child {pid} is still running"));
        var control = await RunAsync(Path.Combine(fixture.BinDirectory, "pg_controldata"), ["-D", fixture.DataDirectory], ct);
        Assert.Matches(ShutDown(), control);

        await fixture.DisposeAsync();

        Assert.False(Directory.Exists(folder), $"{folder} is still there");
    }

    private static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken ct)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"{fileName} exited {process.ExitCode}: {await error}");
        return await output;
    }

    [GeneratedRegex(@"^Database cluster state:\s+shut down$", RegexOptions.Multiline)]
    private static partial Regex ShutDown();
}
