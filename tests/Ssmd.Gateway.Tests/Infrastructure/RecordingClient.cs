using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Ssmd.Connector.Tests.Infrastructure;

namespace Ssmd.Gateway.Tests.Infrastructure;

/// <summary>
/// A WebSocket client that reads everything and keeps, per ticker, what a careful bot would: the book
/// rebuilt from snapshots and level updates (exact, in 0.0001 $ and 0.01 contract units), the trade ids
/// in arrival order, the last sequence, and every sequence problem it saw.
/// </summary>
internal sealed class RecordingClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Task _reading;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TickerRecord> _tickers = new(StringComparer.Ordinal);
    private readonly List<JsonElement> _control = [];

    private RecordingClient(ClientWebSocket socket)
    {
        _socket = socket;
        _reading = Task.Run(ReadAsync);
    }

    public sealed class TickerRecord
    {
        public FoldedBook Book { get; } = new();

        public List<string> Trades { get; } = [];

        /// <summary>Sum of the trades' sizes (0.01 contract units).</summary>
        public long TradedSize { get; set; }

        /// <summary>Sum of price × size over the trades (0.0001 $ × 0.01 contract units).</summary>
        public long Notional { get; set; }

        public long Seq { get; set; } = -1;

        public int Snapshots { get; set; }

        public List<string> Problems { get; } = [];
    }

    public long Events { get; private set; }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<RecordingClient> ConnectAsync(GatewayHost gateway, string query = "") => new(await gateway.ConnectAsync(query));

    public Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    /// <summary>Subscribes and waits for the answer (the snapshots come before it).</summary>
    public async Task SubscribeAsync(IReadOnlyCollection<string> symbols, int id)
    {
        await SendAsync(JsonSerializer.Serialize(new { action = "subscribe", symbols, id }));
        await WaitControlAsync(e => e.GetProperty("type").GetString() == "subscribed" && e.TryGetProperty("id", out var i) && i.GetInt64() == id, TimeSpan.FromSeconds(30));
    }

    public async Task<JsonElement> WaitControlAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        JsonElement found = default;
        await ConnectorHost.Until(() =>
        {
            lock (_gate)
            {
                var index = _control.FindIndex(e => match(e));
                if (index < 0)
                    return false;
                found = _control[index];
                _control.RemoveAt(index);
                return true;
            }
        }, timeout, () => "a matching control event; got: " + string.Join(" ", Control().Select(e => e.GetRawText()).TakeLast(5)));
        return found;
    }

    public List<JsonElement> Control()
    {
        lock (_gate)
            return [.. _control];
    }

    public Dictionary<string, TickerRecord> Tickers()
    {
        lock (_gate)
            return new Dictionary<string, TickerRecord>(_tickers, StringComparer.Ordinal);
    }

    public long SeqOf(string ticker)
    {
        lock (_gate)
            return _tickers.TryGetValue(ticker, out var record) ? record.Seq : -1;
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                        Array.Resize(ref buffer, buffer.Length * 2);
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                        return;
                    length += result.Count;
                }
                while (!result.EndOfMessage);
                using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
                Apply(document.RootElement);
            }
        }
        catch (WebSocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Apply(JsonElement e)
    {
        lock (_gate)
        {
            Events++;
            var type = e.GetProperty("type").GetString();
            if (!e.TryGetProperty("ticker", out var tickerProperty) || type == "gap")
            {
                _control.Add(e.Clone());
                if (type != "gap")
                    return;
            }

            var ticker = tickerProperty.GetString()!;
            if (!_tickers.TryGetValue(ticker, out var record))
                _tickers[ticker] = record = new TickerRecord();
            var seq = e.GetProperty("seq").GetInt64();
            var snapshot = type == "orderbook" && e.GetProperty("snapshot").GetBoolean();
            if (type == "gap")
            {
                record.Problems.Add($"gap event {e.GetRawText()}");
                return;
            }

            // The first book event of a subscription is its snapshot (other events come before it only while the
            // book is pending); every event is the next sequence (a snapshot may repeat the sequence of the event it follows).
            if (record.Snapshots == 0 && type == "orderbook" && !snapshot)
                record.Problems.Add($"book update seq {seq} before any snapshot");
            else if (record.Seq >= 0 && seq != record.Seq + 1 && !(snapshot && seq == record.Seq))
                record.Problems.Add($"{type} seq {seq} after {record.Seq}");
            record.Seq = seq;
            switch (type)
            {
                case "trade":
                    record.Trades.Add(e.GetProperty("tradeId").GetString()!);
                    var size = (long)(e.GetProperty("size").GetDecimal() * 100m);
                    record.TradedSize += size;
                    record.Notional += (long)(e.GetProperty("price").GetDecimal() * 10_000m) * size;
                    break;
                case "orderbook":
                    if (snapshot)
                    {
                        record.Snapshots++;
                        record.Book.Bids.Clear();
                        record.Book.Asks.Clear();
                    }

                    Levels(e.GetProperty("bids"), record.Book.Bids);
                    Levels(e.GetProperty("asks"), record.Book.Asks);
                    break;
            }
        }
    }

    private static void Levels(JsonElement levels, SortedDictionary<long, long> side)
    {
        foreach (var level in levels.EnumerateArray())
        {
            var price = (long)(level[0].GetDecimal() * 10_000m);
            var size = (long)(level[1].GetDecimal() * 100m);
            if (size == 0)
                side.Remove(price);
            else
                side[price] = size;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Abort();
        await _reading;
        _socket.Dispose();
    }
}
