using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Ssmd.Kalshi.Messages;

namespace Ssmd.KalshiSim.Tests;

/// <summary>A test client: sends commands, receives frames as raw bytes and parsed.</summary>
internal sealed class SimClient(ClientWebSocket socket) : IDisposable
{
    private readonly ArrayBufferWriter<byte> buffer = new(8192);
    private long nextId;

    public ClientWebSocket Socket => socket;

    public async Task<long> SendAsync(Action<IBufferWriter<byte>, long> write, CancellationToken ct)
    {
        var id = ++nextId;
        var command = new ArrayBufferWriter<byte>();
        write(command, id);
        await socket.SendAsync(command.WrittenMemory, WebSocketMessageType.Text, true, ct);
        return id;
    }

    public Task SendRawAsync(string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);

    /// <summary>The next frame's bytes, or null when the server closed.</summary>
    public async Task<byte[]?> ReceiveRawAsync(CancellationToken ct)
    {
        buffer.Clear();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.GetMemory(8192), ct);
            buffer.Advance(result.Count);
        }
        while (!result.EndOfMessage);

        return result.MessageType == WebSocketMessageType.Close ? null : buffer.WrittenSpan.ToArray();
    }

    public async Task<KalshiFrame> ReceiveAsync(CancellationToken ct)
    {
        var raw = await ReceiveRawAsync(ct) ?? throw new InvalidOperationException("The server closed the connection.");
        return KalshiFrameReader.Read(raw);
    }

    /// <summary>Receives until a frame matches (data frames in between are skipped).</summary>
    public async Task<KalshiFrame> ReceiveUntilAsync(Func<KalshiFrame, bool> match, CancellationToken ct)
    {
        while (true)
        {
            var frame = await ReceiveAsync(ct);
            if (match(frame))
            {
                return frame;
            }
        }
    }

    public void Dispose() => socket.Dispose();
}
