using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ssmd.Archiver.Tests.Infrastructure;

/// <summary>The archiver as its own process (the built Ssmd.Archiver.dll), so a test can kill -9 it.</summary>
public sealed class ArchiverProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ArchiverProcess(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the archiver wrote (warnings and errors), for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    public static string DllPath => Path.Combine(TestWorld.RepositoryRoot, "services", "Ssmd.Archiver", "bin", "Debug", "net10.0", "Ssmd.Archiver.dll");

    public static async Task<ArchiverProcess> StartAsync(IDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [DllPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(DllPath)!,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start)!;
        var archiver = new ArchiverProcess(process, port);
        process.OutputDataReceived += (_, e) => archiver.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => archiver.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The archiver exited with {process.ExitCode} while starting.");
            try
            {
                if ((await http.GetAsync(new Uri(archiver.BaseAddress, "/alive"), cancellationToken)).IsSuccessStatusCode)
                    return archiver;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        await archiver.DisposeAsync();
        throw new TimeoutException("The archiver did not answer /alive within 30 s.");
    }

    /// <summary>SIGKILL: no flush, no drain, as an OOM kill or a power cut would.</summary>
    public async Task KillAsync()
    {
        // Process.Kill is SIGKILL on Linux.
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async Task<HttpResponseMessage> FlushAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        return await http.PostAsync(new Uri(BaseAddress, "/admin/flush"), null, cancellationToken);
    }

    /// <summary>SIGTERM and wait: the archiver flushes on the way out.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
            return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
