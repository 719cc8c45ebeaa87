using System.Buffers.Text;
using System.Net.WebSockets;

namespace Ssmd.Gateway.Benchmarks;

/// <summary>
/// One WebSocket client of the gateway: counts every event, and while <see cref="Recording"/> keeps, for
/// each trade, client receive time − connector receive time (from the trade's <c>tradeId</c>, see
/// <see cref="BenchFeed"/>).
/// </summary>
internal sealed class BenchClient : IAsyncDisposable
{
    private static readonly byte[] TradePrefix = "{\"type\":\"trade\""u8.ToArray();
    private static readonly byte[] GapPrefix = "{\"type\":\"gap\""u8.ToArray();
    private static readonly byte[] TradeIdKey = "\"tradeId\":\""u8.ToArray();

    private readonly ClientWebSocket _socket;
    private readonly Task _receiving;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<long> _latencies = [];
    private long _events;
    private long _trades;
    private long _gaps;

    private BenchClient(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    public volatile bool Recording;

    public long Events => Interlocked.Read(ref _events);

    public long Trades => Interlocked.Read(ref _trades);

    public long Gaps => Interlocked.Read(ref _gaps);

    /// <summary>Connector receive → client receive, ns, of the trades received while recording.</summary>
    public List<long> Latencies => _latencies;

    public static async Task<BenchClient> ConnectAsync(Uri stream, string apiKey, IEnumerable<string> symbols, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-API-Key", apiKey);
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(new Uri(stream + "?symbols=" + string.Join(',', symbols)), ct);
        return new BenchClient(socket);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    return;
                filled += result.Count;
                if (!result.EndOfMessage)
                {
                    if (filled == buffer.Length)
                        filled = 0; // a large snapshot: only its end is kept, and only trades are read
                    continue;
                }

                var now = BenchFeed.NowNanos();
                OnMessage(buffer.AsSpan(0, filled), now);
                filled = 0;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private void OnMessage(ReadOnlySpan<byte> json, long now)
    {
        Interlocked.Increment(ref _events);
        if (json.StartsWith(GapPrefix))
        {
            Interlocked.Increment(ref _gaps);
            return;
        }

        if (!json.StartsWith(TradePrefix))
            return;
        Interlocked.Increment(ref _trades);
        if (!Recording)
            return;
        var at = json.LastIndexOf(TradeIdKey);
        if (at >= 0 && Utf8Parser.TryParse(json[(at + TradeIdKey.Length)..], out long receivedAt, out _))
            _latencies.Add(now - receivedAt);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }

        _stop.Cancel();
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
    }
}
