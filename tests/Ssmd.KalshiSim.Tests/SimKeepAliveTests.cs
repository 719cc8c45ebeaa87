using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Ssmd.KalshiSim.Tests;

public sealed class SimKeepAliveTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_client_that_stops_answering_pings_is_disconnected()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync(new() { ["WebSocket:PingIntervalSeconds"] = "1", ["WebSocket:PongTimeoutSeconds"] = "1" });
        using var silent = await sim.ConnectAsync(ct: ct);

        // The .NET client answers pings only inside ReceiveAsync: not reading means not answering. Nothing is
        // read until the server has let the connection go (a read before would answer the pings it has queued
        // and keep it alive); a server that never does fails at the test's timeout.
        while (sim.Engine.ConnectionCount == 0)
            await Task.Delay(20, ct);
        while (sim.Engine.ConnectionCount > 0)
            await Task.Delay(20, ct);
        var dropped = false;
        try
        {
            dropped = await silent.ReceiveRawAsync(ct) is null;
        }
        catch (WebSocketException)
        {
            dropped = true;
        }

        Assert.True(dropped, "the silent client is still connected");
    }

    [Fact(Timeout = 60_000)]
    public async Task The_server_pings_with_the_payload_heartbeat()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync(new() { ["WebSocket:PingIntervalSeconds"] = "1" });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(sim.HttpBase.Host, sim.HttpBase.Port, ct);
        var stream = tcp.GetStream();
        var request = $"GET /trade-api/ws/v2 HTTP/1.1\r\nHost: {sim.HttpBase.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), ct);

        var response = new StringBuilder();
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            var b = new byte[1];
            await stream.ReadExactlyAsync(b, ct);
            response.Append((char)b[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", response.ToString(), StringComparison.Ordinal);
        Assert.Contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", response.ToString(), StringComparison.Ordinal); // RFC 6455's example key
        var frame = new byte[11];
        await stream.ReadExactlyAsync(frame, ct);
        Assert.Equal([0x89, 0x09, .. "heartbeat"u8], frame);
    }
}
