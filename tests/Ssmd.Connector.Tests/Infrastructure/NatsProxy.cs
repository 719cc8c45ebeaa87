using System.Net;
using System.Net.Sockets;

namespace Ssmd.Connector.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of nats-server: what the server sends can be held back, and the
/// connections cut (dropping what was held) and refused for a while. Writes that land on the server while
/// their acknowledgements are lost with the connection, which no real server can be made to do on cue.
/// </summary>
internal sealed class NatsProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _pairs = [];
    private readonly Task _accepting;
    private volatile bool _hold;
    private volatile bool _refuse;

    public NatsProxy(string natsUrl)
    {
        _serverPort = new Uri(natsUrl).Port;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public string Url => $"nats://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Stops passing on what the server sends (the client's writes still go through).</summary>
    public void HoldServerReplies() => _hold = true;

    /// <summary>Cuts every connection, dropping what was held, and refuses new ones until <see cref="Accept"/>.</summary>
    public void CutAndRefuse()
    {
        _refuse = true;
        lock (_pairs)
        {
            foreach (var (client, server) in _pairs)
            {
                client.Dispose();
                server.Dispose();
            }

            _pairs.Clear();
        }

        _hold = false;
    }

    public void Accept() => _refuse = false;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                if (_refuse)
                {
                    client.Dispose();
                    continue;
                }

                var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
                lock (_pairs)
                    _pairs.Add((client, server));
                _ = PumpAsync(client.GetStream(), server.GetStream(), hold: false);
                _ = PumpAsync(server.GetStream(), client.GetStream(), hold: true);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(Stream from, Stream to, bool hold)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                while (hold && _hold)
                    await Task.Delay(10, _stop.Token);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            // Cut, or the other side went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAndRefuse();
        await _accepting;
        _stop.Dispose();
    }
}
