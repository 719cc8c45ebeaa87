using Ssmd.Infrastructure.Tests.Internal;
using Ssmd.Testing;

namespace Ssmd.Infrastructure.Tests;

[Collection(nameof(OwnServersCollection))]
public sealed class FixtureFailureTests
{
    private const string Bogus = "/nonexistent/ssmd-tests";

    [Fact]
    public async Task A_nats_server_fixture_whose_binary_does_not_exist_fails_naming_the_binary_and_the_install_command()
    {
        using var timeout = TestTimeout.Start();
        using var _ = new EnvironmentOverride(NatsServerFixture.ServerPathVariable, $"{Bogus}/nats-server");
        await using var fixture = new NatsServerFixture();

        var failure = await Assert.ThrowsAsync<LocalServerException>(() => fixture.StartAsync(timeout.Token));

        Assert.Contains($"{Bogus}/nats-server", failure.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install nats-server", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_postgres_fixture_whose_binaries_do_not_exist_fails_naming_the_binary_and_the_install_command()
    {
        using var timeout = TestTimeout.Start();
        using var _ = new EnvironmentOverride(PostgresServerFixture.BinDirectoryVariable, $"{Bogus}/bin");
        await using var fixture = new PostgresServerFixture();

        var failure = await Assert.ThrowsAsync<LocalServerException>(() => fixture.StartAsync(timeout.Token));

        Assert.Contains($"{Bogus}/bin/postgres", failure.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install postgresql", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_s3rver_fixture_whose_binary_does_not_exist_fails_naming_the_binary_and_the_install_command()
    {
        using var timeout = TestTimeout.Start();
        using var _ = new EnvironmentOverride(S3rverFixture.ServerPathVariable, $"{Bogus}/s3rver");
        await using var fixture = new S3rverFixture();

        var failure = await Assert.ThrowsAsync<LocalServerException>(() => fixture.StartAsync(timeout.Token));

        Assert.Contains($"{Bogus}/s3rver", failure.Message, StringComparison.Ordinal);
        Assert.Contains("npm install -g s3rver", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_exits_at_start_fails_with_its_command_line_exit_code_and_last_output_and_leaves_no_folder()
    {
        using var timeout = TestTimeout.Start();
        var script = Path.Combine(Path.GetTempPath(), $"ssmd-fake-nats-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(
            script, "#!/bin/sh\necho 'fake nats-server starting'\necho 'fatal: cannot open the store' >&2\nexit 3\n", timeout.Token);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            using var _ = new EnvironmentOverride(NatsServerFixture.ServerPathVariable, script);
            var foldersBefore = OurNatsFolders();
            await using var fixture = new NatsServerFixture();

            var failure = await Assert.ThrowsAsync<LocalServerException>(() => fixture.StartAsync(timeout.Token));

            Assert.StartsWith("nats-server exited before it was ready", failure.Message, StringComparison.Ordinal);
            Assert.Contains($"command:   {script} -js -sd ", failure.Message, StringComparison.Ordinal);
            Assert.Contains("exit code: 3", failure.Message, StringComparison.Ordinal);
            Assert.Contains("fatal: cannot open the store", failure.Message, StringComparison.Ordinal);
            Assert.Equal(3, failure.ExitCode);
            Assert.Equal(foldersBefore, OurNatsFolders());
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task A_server_that_finds_its_port_taken_is_started_again_on_new_ports()
    {
        using var timeout = TestTimeout.Start();
        var script = Path.Combine(Path.GetTempPath(), $"ssmd-flaky-nats-{Guid.NewGuid():N}.sh");
        // The first start fails the way nats-server does when another process took its port; the second is real.
        await File.WriteAllTextAsync(
            script,
            $"""
            #!/bin/sh
            n=$(cat "$0.count" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > "$0.count"
            if [ "$n" -eq 1 ]; then echo 'listen tcp 127.0.0.1:4222: bind: address already in use' >&2; exit 1; fi
            exec {NatsServerFixture.DefaultServerPath} "$@"

            """,
            timeout.Token);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            using var _ = new EnvironmentOverride(NatsServerFixture.ServerPathVariable, script);
            await using var fixture = new NatsServerFixture();

            await fixture.StartAsync(timeout.Token);
            await using var connection = await fixture.CreateConnectionAsync(timeout.Token);
            var rtt = await connection.PingAsync(timeout.Token);

            Assert.Equal("2", (await File.ReadAllTextAsync($"{script}.count", timeout.Token)).Trim());
            Assert.True(rtt > TimeSpan.Zero);
        }
        finally
        {
            File.Delete(script);
            File.Delete($"{script}.count");
        }
    }

    private static string[] OurNatsFolders() =>
        [.. Directory.GetDirectories(Path.GetTempPath(), $"ssmd-nats-{Environment.ProcessId}-*").Order()];
}
