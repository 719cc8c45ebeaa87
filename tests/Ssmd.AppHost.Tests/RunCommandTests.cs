using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Ssmd.Testing;

namespace Ssmd.AppHost.Tests;

/// <summary>The README's run command, run for real as a newcomer would, then stopped with Ctrl+C.</summary>
public sealed partial class RunCommandTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("ssmd-run-");
    private readonly StringBuilder _output = new();

    [Fact]
    public async Task Readme_run_command_serves_the_dashboard_and_ctrl_c_stops_every_process_and_postgres_cleanly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = cts.Token;

        // setsid gives the run its own process group, so the signal below reaches the group as a
        // terminal's Ctrl+C does, and nothing else in this test run.
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "dotnet", "run", "--project", "Ssmd.AppHost" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Ssmd__DataDir"] = _data.FullName;
        using var process = Process.Start(start)!;
        var dashboard = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => OnLine(e.Data, dashboard);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, dashboard);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var login = await dashboard.Task.WaitAsync(TimeSpan.FromMinutes(3), ct);
            using (var http = new HttpClient())
            {
                using var response = await http.GetAsync(login, ct);
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            }

            var postgresData = Path.Combine(_data.FullName, "postgres");
            var postmaster = await WaitForPostgresReadyAsync(postgresData, ct);

            var pids = ProcessTree.AspireTree(process.Id).Keys.Append(process.Id).Append(postmaster).ToHashSet();
            Assert.Contains(pids, pid => ProcessTree.Describe(pid).Contains("nats-server", StringComparison.Ordinal));

            var signal = ProcessTree.Ignores(process.Id, ProcessTree.SigInt) ? ProcessTree.SigTerm : ProcessTree.SigInt;
            ProcessTree.SignalGroup(process.Id, signal);

            var left = await ProcessTree.WaitUntilGoneAsync(pids, TimeSpan.FromSeconds(15));
            Assert.True(left.Count == 0,
                $"Still running 15 s after signal {signal}: {string.Join(", ", left.Select(ProcessTree.Describe))}\n{Output()}");
            Assert.Matches(ClusterShutDown(), await ControlDataAsync(postgresData, ct));
        }
        finally
        {
            if (!process.HasExited)
            {
                ProcessTree.SignalGroup(process.Id, 9);
            }
        }
    }

    private void OnLine(string? line, TaskCompletionSource<Uri> dashboard)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (LoginUrl().Match(line) is { Success: true } match)
        {
            dashboard.TrySetResult(new Uri(match.Value));
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    /// <summary>postmaster.pid's eighth line turns to "ready" once the server accepts connections.</summary>
    private async Task<int> WaitForPostgresReadyAsync(string dataDirectory, CancellationToken ct)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            try
            {
                var lines = await File.ReadAllLinesAsync(pidFile, timeout.Token);
                if (lines.Length >= 8 && lines[7].Trim() == "ready")
                {
                    return int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (FileNotFoundException)
            {
                // Not started yet.
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Assert.Fail($"PostgreSQL never became ready in {dataDirectory}:\n{Output()}");
            }

            await Task.Delay(250, timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static async Task<string> ControlDataAsync(string dataDirectory, CancellationToken ct)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_controldata")).First(File.Exists);
        var start = new ProcessStartInfo(bin) { RedirectStandardOutput = true };
        start.ArgumentList.Add("-D");
        start.ArgumentList.Add(dataDirectory);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return output;
    }

    [GeneratedRegex(@"https?://[^\s]+/login\?t=[0-9a-zA-Z]+")]
    private static partial Regex LoginUrl();

    [GeneratedRegex(@"Database cluster state:\s+shut down\s")]
    private static partial Regex ClusterShutDown();

    public void Dispose()
    {
        try
        {
            _data.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A server that failed to stop still holds files; the assertions report it.
        }
    }
}
