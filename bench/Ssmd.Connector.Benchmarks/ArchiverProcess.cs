using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;

namespace Ssmd.Connector.Benchmarks;

/// <summary>
/// The archiver as deployed: <c>dotnet Ssmd.Archiver.dll</c> in a process of its own (so its CPU time is its
/// own), archiving both streams into a folder store (ack mode Journal: a message is acknowledged once it is
/// fsynced in the journal), flushed on demand through <c>POST /admin/flush</c>.
/// </summary>
internal sealed class ArchiverProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly HttpClient _http;
    private bool _closed;

    private ArchiverProcess(Process process, StreamWriter log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
    }

    public int Id => _process.Id;

    /// <summary>The archiver's build output (the bench's ProjectReference builds it), or <c>SSMD_ARCHIVER_DLL</c>.</summary>
    public static string Locate()
    {
        var path = Environment.GetEnvironmentVariable("SSMD_ARCHIVER_DLL") is { Length: > 0 } configured
            ? configured
            : typeof(ArchiverProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ArchiverDll").Value!;
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The archiver is not built at {path}: build the bench in the same configuration (it builds the archiver), or set SSMD_ARCHIVER_DLL.", path);
    }

    public static async Task<ArchiverProcess> StartAsync(string dll, string natsUrl, string environmentPath, string folder)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ConnectionStrings__nats"] = natsUrl;
        start.Environment["ConnectionStrings__archive"] = new Uri(Path.Combine(folder, "archive") + "/").AbsoluteUri;
        start.Environment["Ssmd__Environment"] = environmentPath;
        start.Environment["Archiver__WorkDirectory"] = Path.Combine(folder, "archiver-journal");
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        var log = new StreamWriter(Path.Combine(folder, "archiver.log")) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var archiver = new ArchiverProcess(process, log, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => archiver.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => archiver.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The archiver exited with {process.ExitCode} while starting (see {folder}/archiver.log).");
            try
            {
                using var alive = await archiver._http.GetAsync("alive");
                if (alive.IsSuccessStatusCode)
                    return archiver;
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The archiver did not answer /alive within 60 s.");
            await Task.Delay(100);
        }
    }

    /// <summary><c>POST /admin/flush</c>; returns the messages it wrote into archive files.</summary>
    public async Task<long> FlushAsync()
    {
        using var response = await _http.PostAsync("admin/flush", null);
        response.EnsureSuccessStatusCode();
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return result.RootElement.GetProperty("messages").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
            await _process.WaitForExitAsync(wait.Token);
        _process.Dispose();
        _http.Dispose();
        lock (_log)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            if (!_closed)
                _log.WriteLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
