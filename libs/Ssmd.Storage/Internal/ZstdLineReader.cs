using ZstdSharp;

namespace Ssmd.Storage.Internal;

/// <summary>Reads '\n'-terminated lines from a zstd stream into one growing buffer (a line is valid until the next read).</summary>
internal sealed class ZstdLineReader : IAsyncDisposable
{
    private readonly Stream _source;
    private readonly DecompressionStream _zstd;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    public ZstdLineReader(Stream source)
    {
        _source = source;
        _zstd = new DecompressionStream(source, leaveOpen: false);
    }

    /// <summary>Lines read so far.</summary>
    public long Lines { get; private set; }

    /// <summary>The next line without its '\n'; false at the end. A last line without '\n' is an error (a cut file).</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, scanned + newline);
                _start += scanned + newline + 1;
                Lines++;
                return line;
            }

            scanned = _end - _start;
            if (_eof)
            {
                if (scanned == 0)
                    return null;
                throw new FormatException($"The file ends inside line {Lines + 1} (no final newline).");
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, scanned);
                _end = scanned;
                _start = 0;
            }

            if (_end == _buffer.Length)
                Array.Resize(ref _buffer, _buffer.Length * 2);
            int read;
            try
            {
                read = await _zstd.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException e)
            {
                // ZstdSharp's word for a file cut inside a compressed frame: a damaged file, like any other.
                throw new FormatException($"The file is cut short inside its compression after {Lines} lines.", e);
            }

            if (read == 0)
                _eof = true;
            _end += read;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _zstd.DisposeAsync().ConfigureAwait(false);
        await _source.DisposeAsync().ConfigureAwait(false);
    }
}
