using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ssmd.Connector.Tests.Infrastructure;

/// <summary>
/// A WebSocket endpoint that answers nothing by itself: the test reads each command a connection sends and
/// writes the replies when it chooses, so a reply can be held back while something else happens.
/// </summary>
internal sealed class ScriptedExchange : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<JsonElement> _commands = Channel.CreateUnbounded<JsonElement>();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private WebSocket? _client;

    private ScriptedExchange(WebApplication app)
    {
        _app = app;
        WebSocketUri = new Uri($"ws://{new Uri(app.Urls.First()).Authority}/trade-api/ws/v2");
    }

    public Uri WebSocketUri { get; }

    public static async Task<ScriptedExchange> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ScriptedExchange? exchange = null;
        app.UseWebSockets();
        app.Map("/trade-api/ws/v2", async (HttpContext http) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            await exchange!.ServeAsync(socket, http.RequestAborted);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        exchange = new ScriptedExchange(app);
        return exchange;
    }

    /// <summary>The next command other than the watchdog's <c>list_subscriptions</c> probes.</summary>
    public async Task<JsonElement> NextCommandAsync(TimeSpan timeout) =>
        await TryNextCommandAsync(timeout) ?? throw new TimeoutException($"No command within {timeout}.");

    /// <summary>The next command other than a probe, or null when none comes within <paramref name="wait"/>.</summary>
    public async Task<JsonElement?> TryNextCommandAsync(TimeSpan wait)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            while (true)
            {
                var command = await _commands.Reader.ReadAsync(timeout.Token);
                if (command.GetProperty("cmd").GetString() != "list_subscriptions")
                    return command;
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Sends one frame to the connected client.</summary>
    public async Task SendAsync(string json)
    {
        var client = _client ?? throw new InvalidOperationException("No client is connected.");
        await _sendLock.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ServeAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        _client = socket;
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), cancellationToken);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                    return;
                _commands.Writer.TryWrite(JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone());
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _sendLock.Dispose();
    }
}
