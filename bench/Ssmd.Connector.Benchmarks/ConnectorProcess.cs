using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Ssmd.Connector.Benchmarks;

/// <summary>
/// The connector as deployed: <c>dotnet Ssmd.Connector.dll</c> in a process of its own (its own GC
/// settings, CPU time and resident memory), configured through environment variables, its output kept
/// in a log file, its counters read from its Prometheus <c>/metrics</c>.
/// </summary>
internal sealed partial class ConnectorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly HttpClient _http;
    private readonly Lock _gate = new();
    private readonly Queue<string> _tail = new();
    private string? _startedLine;

    private ConnectorProcess(Process process, StreamWriter log, Uri metrics)
    {
        _process = process;
        _log = log;
        _http = new HttpClient { BaseAddress = metrics, Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Id => _process.Id;

    /// <summary>The connector's start-up line ("Connector for feed kalshi: …, N markets in M orderbook connections …").</summary>
    public string? StartedLine
    {
        get
        {
            lock (_gate)
                return _startedLine;
        }
    }

    /// <summary>The connector's build output (the bench's ProjectReference builds it), or <c>SSMD_CONNECTOR_DLL</c>.</summary>
    public static string Locate()
    {
        var path = Environment.GetEnvironmentVariable("SSMD_CONNECTOR_DLL") is { Length: > 0 } configured
            ? configured
            : typeof(ConnectorProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ConnectorDll").Value!;
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The connector is not built at {path}: build the bench in the same configuration (it builds the connector), or set SSMD_CONNECTOR_DLL.", path);
    }

    public static ConnectorProcess Start(string dll, string natsUrl, BenchSimulator sim, string environmentPath, string logPath)
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
        start.Environment["Connector__WebSocketUrl"] = sim.WebSocketUri.ToString();
        start.Environment["Connector__RestUrl"] = sim.RestUri.ToString();
        start.Environment["Ssmd__Environment"] = environmentPath;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // No OTLP export from a bench: it would cost the connector CPU and depend on a collector being up.
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var connector = new ConnectorProcess(process, log, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => connector.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => connector.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return connector;
    }

    /// <summary>
    /// Waits for the start-up line, then until every connection it plans (the orderbook shards plus the
    /// firehose) is open and subscribed, and the snapshots are published (nothing buffered, counts still).
    /// Returns the number of markets subscribed.
    /// </summary>
    public async Task<int> WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Match? started = null;
        while (started is not { Success: true })
        {
            Check(deadline, "the start-up line");
            started = StartedLine is { } line ? StartedPattern().Match(line) : null;
            await Task.Delay(100);
        }

        var markets = int.Parse(started.Groups["markets"].Value, CultureInfo.InvariantCulture);
        var expected = int.Parse(started.Groups["shards"].Value, CultureInfo.InvariantCulture) + 1;
        double lastReceived = -1;
        while (true)
        {
            Check(deadline, $"{expected} connections open and the snapshots published");
            var metrics = await ScrapeAsync();
            var received = metrics.Sum("ssmd_connector_messages_received_total");
            if (metrics.Sum("ssmd_connector_connections") >= expected && metrics.Sum("ssmd_connector_buffer_depth") == 0 &&
                received > 0 && received == lastReceived)
                return markets;
            lastReceived = received;
            await Task.Delay(500);
        }
    }

    /// <summary>Waits until the connector has published everything it holds (buffer empty, counts still).</summary>
    public async Task WaitDrainedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        double last = -1;
        while (true)
        {
            Check(deadline, "the buffer drained");
            var metrics = await ScrapeAsync();
            var published = metrics.Sum("ssmd_connector_messages_published_total");
            if (metrics.Sum("ssmd_connector_buffer_depth") == 0 && published == last)
                return;
            last = published;
            await Task.Delay(500);
        }
    }

    public async Task<PrometheusText> ScrapeAsync() => PrometheusText.Parse(await _http.GetStringAsync("metrics"));

    /// <summary>The last lines the connector wrote, for failure messages.</summary>
    public string Tail()
    {
        lock (_gate)
            return string.Join(Environment.NewLine, _tail);
    }

    public async ValueTask DisposeAsync()
    {
        // Everything the bench needs has been read: the connector's drain on SIGTERM is not under test here.
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
            await _process.WaitForExitAsync(wait.Token);
        _process.Dispose();
        _http.Dispose();
        lock (_gate)
            _log.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_gate)
        {
            _log.WriteLine(line);
            _tail.Enqueue(line);
            if (_tail.Count > 40)
                _tail.Dequeue();
            // The console logger writes the category line first and the message indented on the next.
            if (_startedLine is null && line.Contains("orderbook connections of up to", StringComparison.Ordinal))
                _startedLine = line;
        }
    }

    private void Check(DateTime deadline, string what)
    {
        if (_process.HasExited)
            throw new InvalidOperationException($"The connector exited with code {_process.ExitCode} while the bench waited for {what}:{Environment.NewLine}{Tail()}");
        if (DateTime.UtcNow > deadline)
            throw new TimeoutException($"Timed out waiting for {what}; the connector's last lines:{Environment.NewLine}{Tail()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"(?<markets>\d+) markets in (?<shards>\d+) orderbook connections")]
    private static partial Regex StartedPattern();
}

/// <summary>The samples of a Prometheus text exposition.</summary>
internal sealed class PrometheusText
{
    private readonly List<(string Name, string Labels, double Value)> _samples = [];

    public static PrometheusText Parse(string text)
    {
        var result = new PrometheusText();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var space = line.LastIndexOf(' ');
            var series = line[..space];
            var brace = series.IndexOf('{', StringComparison.Ordinal);
            result._samples.Add((brace < 0 ? series : series[..brace], brace < 0 ? "" : series[brace..],
                double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture)));
        }

        return result;
    }

    /// <summary>The sum of every series of <paramref name="name"/> whose labels contain <paramref name="label"/> (e.g. <c>stream="raw"</c>).</summary>
    public double Sum(string name, string? label = null) =>
        _samples.Where(s => s.Name == name && (label is null || s.Labels.Contains(label, StringComparison.Ordinal))).Sum(s => s.Value);
}
