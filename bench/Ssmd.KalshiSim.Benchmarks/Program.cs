using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Ssmd.Kalshi.Messages;
using Ssmd.KalshiSim;

// Sustained send rate of the simulator to 1 and 10 clients (order books of 1,000 markets plus all
// tickers and trades, as fast as the clients read), and, as the anchor measured in the same run, a
// raw loopback WebSocket server sending pre-built frames of the same size. Usage: [seconds per case].
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
var duration = TimeSpan.FromSeconds(seconds);

await using var sim = await StartSimulatorAsync();
var simUri = new Uri($"ws://{new Uri(sim.Urls.First()).Authority}/trade-api/ws/v2");
var tickers = Enumerable.Range(0, 1).Select(_ => "").ToArray();
using (var http = new HttpClient { BaseAddress = new Uri(sim.Urls.First()) })
{
    // All tickers, read through the REST API like a client would.
    var all = new List<string>();
    string cursor = "";
    do
    {
        var page = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"/trade-api/v2/markets?limit=1000&cursor={cursor}")).RootElement;
        all.AddRange(page.GetProperty("markets").EnumerateArray().Select(m => m.GetProperty("ticker").GetString()!));
        cursor = page.GetProperty("cursor").GetString()!;
    }
    while (cursor.Length > 0);
    tickers = [.. all];
}

var sim1 = await MeasureAsync(simUri, 1, duration, tickers);
var sim10 = await MeasureAsync(simUri, 10, duration, tickers);
var frameSize = (int)Math.Max(1, sim1.Bytes / Math.Max(1, sim1.Messages));

await using var raw = await StartRawAsync(frameSize);
var rawUri = new Uri($"ws://{new Uri(raw.Urls.First()).Authority}/raw");
var raw1 = await MeasureAsync(rawUri, 1, duration, null);
var raw10 = await MeasureAsync(rawUri, 10, duration, null);

Console.WriteLine($"Kalshi simulator send rate, {seconds:0} s per case, average frame {frameSize} bytes ({Environment.ProcessorCount} cores)");
Console.WriteLine($"{"case",-44} {"messages/s",14} {"MB/s",8} {"vs anchor",10}");
Print("anchor: raw loopback WebSocket, 1 client", raw1, raw1);
Print("simulator, 1 client", sim1, raw1);
Print("anchor: raw loopback WebSocket, 10 clients", raw10, raw10);
Print("simulator, 10 clients (total)", sim10, raw10);
Console.WriteLine($"{"simulator, 10 clients (per client)",-44} {sim10.Rate / 10,14:N0}");
return sim1.Rate > 100_000 ? 0 : 1;

static void Print(string name, Result r, Result anchor) =>
    Console.WriteLine($"{name,-44} {r.Rate,14:N0} {r.Bytes / r.Seconds / 1e6,8:N1} {r.Rate / anchor.Rate,10:P0}");

static async Task<WebApplication> StartSimulatorAsync()
{
    var builder = WebApplication.CreateBuilder();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Logging.ClearProviders();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["KalshiSim:Seed"] = "1",
        ["KalshiSim:Markets"] = "1000",
        ["KalshiSim:StartTime"] = "2026-11-24T15:00:00Z",
        ["KalshiSim:Load:EventsPerSecond"] = "0",
        ["KalshiSim:Auth:AllowUnsigned"] = "true",
        ["KalshiSim:Rest:RequestsPerSecond"] = "1000",
        ["KalshiSim:Rest:Burst"] = "1000",
    });
    builder.AddKalshiSimulator();
    var app = builder.Build();
    app.MapKalshiSimulator();
    await app.StartAsync();
    return app;
}

static async Task<WebApplication> StartRawAsync(int frameSize)
{
    var builder = WebApplication.CreateBuilder();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Logging.ClearProviders();
    var app = builder.Build();
    app.UseWebSockets();

    // Pre-built JSON-ish text frames of the simulator's average size: only the WebSocket send remains.
    var frame = new byte[frameSize];
    Array.Fill(frame, (byte)'a');
    frame[0] = (byte)'"';
    frame[^1] = (byte)'"';
    app.Map("/raw", async (HttpContext context) =>
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        try
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await socket.SendAsync(frame, WebSocketMessageType.Text, true, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client left: the case is over.
        }
    });
    await app.StartAsync();
    return app;
}

static async Task<Result> MeasureAsync(Uri uri, int clients, TimeSpan duration, string[]? tickers)
{
    var sockets = new List<ClientWebSocket>();
    for (var i = 0; i < clients; i++)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, CancellationToken.None);
        if (tickers is not null)
        {
            foreach (var command in new Action<System.Buffers.IBufferWriter<byte>>[]
            {
                b => KalshiCommandWriter.WriteSubscribe(b, 1, ["orderbook_delta"], tickers, useYesPrice: false),
                b => KalshiCommandWriter.WriteSubscribe(b, 2, ["ticker"], null),
                b => KalshiCommandWriter.WriteSubscribe(b, 3, ["trade"], null),
            })
            {
                var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                command(buffer);
                await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }

        sockets.Add(socket);
    }

    long messages = 0, bytes = 0;
    var measuring = 0;
    using var stop = new CancellationTokenSource();
    var readers = sockets.Select(s => Task.Run(async () =>
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await s.ReceiveAsync(buffer.AsMemory(), stop.Token);
                if (Volatile.Read(ref measuring) == 1)
                {
                    Interlocked.Add(ref bytes, result.Count);
                    if (result.EndOfMessage)
                    {
                        Interlocked.Increment(ref messages);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Stopped by the harness.
        }
    })).ToArray();

    // Warm up (snapshots, JIT), then measure a steady window.
    await Task.Delay(TimeSpan.FromSeconds(1.5));
    Volatile.Write(ref measuring, 1);
    var clock = Stopwatch.StartNew();
    await Task.Delay(duration);
    Volatile.Write(ref measuring, 0);
    var elapsed = clock.Elapsed.TotalSeconds;
    var result = new Result(Interlocked.Read(ref messages), Interlocked.Read(ref bytes), elapsed);
    await stop.CancelAsync();
    await Task.WhenAll(readers);
    foreach (var s in sockets)
    {
        s.Abort();
        s.Dispose();
    }

    return result;
}

internal readonly record struct Result(long Messages, long Bytes, double Seconds)
{
    public double Rate => Messages / Seconds;
}
