using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Ssmd.ServiceDefaults.Tests;

/// <summary>
/// A minimal OTLP/HTTP receiver on a free loopback port: keeps every protobuf body posted to
/// /v1/traces, /v1/logs and /v1/metrics, and answers with an empty (valid) export response.
/// Strings travel as UTF-8 inside protobuf, so a span name or log message can be found in the raw bytes.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _bodies = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<OtlpReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new OtlpReceiver(builder.Build());
        foreach (var signal in new[] { "traces", "logs", "metrics" })
        {
            receiver._app.MapPost($"/v1/{signal}", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
                receiver._bodies.Enqueue((signal, body.ToArray()));
                return Results.Bytes([], "application/x-protobuf");
            });
        }

        using var http = await TestApp.StartAsync(receiver._app, cancellationToken);
        receiver.Endpoint = http.BaseAddress!;
        return receiver;
    }

    /// <summary>Waits until a body of <paramref name="signal"/> contains <paramref name="text"/> as UTF-8.</summary>
    public async Task<bool> WaitForAsync(string signal, string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            // Checked at least once, so a zero timeout means "is it there now?".
            if (_bodies.Any(b => b.Signal == signal && b.Body.AsSpan().IndexOf(needle) >= 0))
            {
                return true;
            }

            if (deadline.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
