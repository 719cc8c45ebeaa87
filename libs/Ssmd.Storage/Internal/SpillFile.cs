using System.Buffers.Binary;
using System.Text;
using Ssmd.Streams;

namespace Ssmd.Storage.Internal;

/// <summary>
/// A merge round's output on local disk, deleted on dispose: records of
/// <c>[i64 receive time][u8 kind][u16 ticker length][ticker][i32 length][message]</c>, little-endian.
/// </summary>
internal sealed class SpillFile : IEventSource
{
    private readonly string _path;
    private readonly FileStream _stream;
    private readonly byte[] _header = new byte[8 + 1 + 2];
    private byte[] _message = new byte[4096];
    private byte[] _ticker = new byte[64];
    private byte[] _lastTickerBytes = [];
    private string _lastTicker = "";

    private SpillFile(string path, FileStream stream)
    {
        _path = path;
        _stream = stream;
    }

    public NormalizedKind Kind { get; private set; }

    public string Ticker { get; private set; } = "";

    public long ReceiveTime { get; private set; }

    public ReadOnlyMemory<byte> Message { get; private set; }

    /// <summary>Merges <paramref name="sources"/> into a new spill file and returns it, ready to read.</summary>
    public static async Task<SpillFile> WriteAsync(string folder, IReadOnlyList<IEventSource> sources, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, $"ssmd-merge-{Guid.NewGuid():N}.spill");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var header = new byte[8 + 1 + 2 + 512 + 4];
            await foreach (var source in EventMerge.MergeAsync(sources, cancellationToken).ConfigureAwait(false))
            {
                BinaryPrimitives.WriteInt64LittleEndian(header, source.ReceiveTime);
                header[8] = (byte)source.Kind;
                var tickerLength = Encoding.UTF8.GetBytes(source.Ticker, header.AsSpan(11, 512));
                BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(9), (ushort)tickerLength);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(11 + tickerLength), source.Message.Length);
                await stream.WriteAsync(header.AsMemory(0, 11 + tickerLength + 4), cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(source.Message, cancellationToken).ConfigureAwait(false);
            }

            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Position = 0;
            return new SpillFile(path, stream);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        var read = await _stream.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
            return false;
        if (read < _header.Length)
            throw new InvalidDataException($"Spill file {_path} is cut.");
        ReceiveTime = BinaryPrimitives.ReadInt64LittleEndian(_header);
        Kind = (NormalizedKind)_header[8];
        int tickerLength = BinaryPrimitives.ReadUInt16LittleEndian(_header.AsSpan(9));
        if (_ticker.Length < tickerLength + 4)
            _ticker = new byte[tickerLength + 4];
        await _stream.ReadExactlyAsync(_ticker.AsMemory(0, tickerLength + 4), cancellationToken).ConfigureAwait(false);
        var tickerBytes = _ticker.AsSpan(0, tickerLength);
        // Consecutive events often share a ticker: reuse the string rather than allocate one per event.
        if (!tickerBytes.SequenceEqual(_lastTickerBytes))
        {
            _lastTickerBytes = tickerBytes.ToArray();
            _lastTicker = Encoding.UTF8.GetString(tickerBytes);
        }

        Ticker = _lastTicker;
        var length = BinaryPrimitives.ReadInt32LittleEndian(_ticker.AsSpan(tickerLength));
        if (_message.Length < length)
            _message = new byte[Math.Max(length, _message.Length * 2)];
        await _stream.ReadExactlyAsync(_message.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        Message = _message.AsMemory(0, length);
        return true;
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
