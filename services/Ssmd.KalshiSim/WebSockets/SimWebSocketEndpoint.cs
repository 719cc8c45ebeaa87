using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Ssmd.Kalshi.Auth;

namespace Ssmd.KalshiSim.WebSockets;

/// <summary>The WebSocket endpoint <c>/trade-api/ws/v2</c> with Kalshi's signed handshake.</summary>
internal static class SimWebSocketEndpoint
{
    public static IEndpointRouteBuilder MapKalshiWebSocket(this IEndpointRouteBuilder app)
    {
        app.Map(KalshiAuthHeaders.WebSocketPath, HandleAsync);
        return app;
    }

    private static async Task HandleAsync(HttpContext context, SimEngine engine, KalshiSignatureVerifier verifier, IOptions<KalshiSimOptions> options, TimeProvider time)
    {
        var remote = context.Connection.RemoteIpAddress?.ToString();
        var headers = context.Request.Headers;
        var keyId = headers[KalshiAuthHeaders.AccessKeyHeader].ToString();
        var signed = keyId.Length > 0 || headers.ContainsKey(KalshiAuthHeaders.SignatureHeader);
        if (signed || !options.Value.Auth.AllowUnsigned)
        {
            var check = verifier.Verify(keyId, headers[KalshiAuthHeaders.TimestampHeader], headers[KalshiAuthHeaders.SignatureHeader], "GET", KalshiAuthHeaders.WebSocketPath, time.GetUtcNow());
            if (check != KalshiSignatureCheck.Valid)
            {
                KalshiSimLog.HandshakeRefused(engine.Logger, remote, check.ToString());
                engine.Metrics.Handshakes.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));

                // Kalshi does not document the refusal; 401 with its REST credentials error is what clients see elsewhere.
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { error = new { code = "invalid_credentials", message = "invalid credentials", details = check.ToString() } }, context.RequestAborted).ConfigureAwait(false);
                return;
            }
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = headers.SecWebSocketKey.ToString();
        if (upgrade is not { IsUpgradableRequest: true } || key.Length == 0 || !headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // The upgrade is done by hand so the heartbeat can share the stream (see SimHeartbeatStream).
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        var ws = options.Value.WebSocket;
        await using var stream = new SimHeartbeatStream(await upgrade.UpgradeAsync().ConfigureAwait(false));
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = Timeout.InfiniteTimeSpan });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var heartbeat = HeartbeatAsync(stream, socket, context, TimeSpan.FromSeconds(ws.PingIntervalSeconds), TimeSpan.FromSeconds(ws.PongTimeoutSeconds), stop.Token);
        var connection = engine.Accept(socket, stream);
        engine.Metrics.Handshakes.Add(1, new KeyValuePair<string, object?>("outcome", "accepted"));
        KalshiSimLog.Connected(engine.Logger, connection.Number, remote, signed ? keyId : "(unsigned)");
        await connection.RunAsync(context.RequestAborted).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await heartbeat.ConfigureAwait(false);
        KalshiSimLog.Disconnected(engine.Logger, connection.Number, connection.FramesSent);
    }

    /// <summary>Pings with payload <c>heartbeat</c> every interval; aborts a client silent for interval + timeout.</summary>
    private static async Task HeartbeatAsync(SimHeartbeatStream stream, WebSocket socket, HttpContext context, TimeSpan interval, TimeSpan timeout, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false) && socket.State == WebSocketState.Open)
            {
                if (Environment.TickCount64 - stream.LastReadTicks > (interval + timeout).TotalMilliseconds)
                {
                    // Abort the HTTP connection itself: that also ends the pending receive.
                    socket.Abort();
                    context.Abort();
                    return;
                }

                await stream.PingAsync(ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection ended: nothing left to keep alive.
        }
    }
}
