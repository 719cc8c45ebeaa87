using Microsoft.Extensions.Options;
using Ssmd.Gateway.Auth;
using Ssmd.Gateway.Internal;
using Ssmd.Gateway.Markets;
using Ssmd.Gateway.Protocol;

namespace Ssmd.Gateway.Streaming;

/// <summary><c>GET /v1/stream?symbols=A,B</c>: accepts the WebSocket (the API key was checked before) and serves the client.</summary>
internal static class StreamEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext context,
        ClientRegistry clients,
        MarketRegistry markets,
        GatewayStats stats,
        GatewayMetrics metrics,
        IOptions<GatewayOptions> options,
        IHostApplicationLifetime lifetime,
        ILoggerFactory loggerFactory)
    {
        if (!context.WebSockets.IsWebSocketRequest)
            return Results.Problem(title: "WebSocket required", detail: "Connect with a WebSocket client (ws:// or wss://) to /v1/stream.", statusCode: StatusCodes.Status400BadRequest);
        var settings = options.Value;
        if (!clients.TryTakePlace(settings.MaxClients))
            return Results.Problem(title: "Too many clients", detail: $"The gateway serves at most {settings.MaxClients} clients; try again later.", statusCode: StatusCodes.Status503ServiceUnavailable);

        StreamClient? client = null;
        try
        {
            ClientCommandParser.TryParseQuery(context.Request.Query["symbols"], settings.MaxSymbolsPerClient, out var symbols, out var error);
            var keyName = context.Items[ApiKeyMiddleware.KeyNameItem] as string ?? "?";
            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = settings.KeepAliveInterval });
            var logger = loggerFactory.CreateLogger("Ssmd.Gateway.Streaming");
            client = new StreamClient(clients.NextId(), socket, keyName, settings, stats, metrics, markets, logger);
            clients.Add(client);
            GatewayLog.ClientConnected(logger, client.Id, keyName, context.Connection.RemoteIpAddress?.ToString());
            // A dropped connection ends the receive loop by itself; the token only says the gateway is stopping.
            await client.RunAsync(symbols, error.Code is null ? null : error, lifetime.ApplicationStopping);
        }
        finally
        {
            if (client is not null)
                clients.Remove(client);
            clients.Release();
        }

        return Results.Empty;
    }
}
