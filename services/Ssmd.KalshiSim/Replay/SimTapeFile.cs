using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ssmd.KalshiSim.Replay;

/// <summary>
/// Reads one recorded file line by line, in either layout:
/// <list type="bullet">
/// <item>ssmd's raw archive, <c>*.jsonl.zst</c>: <c>{"ts":&lt;receive ms&gt;,"type":"&lt;type&gt;","data":&lt;frame&gt;}</c>;</item>
/// <item>a capture, <c>*.ndjson.gz</c> or <c>*.ndjson</c>: <c>{"recv_ms":&lt;receive ms&gt;,"event":&lt;frame&gt;}</c>.</item>
/// </list>
/// The frame's bytes are sliced out of the line, never re-encoded. A line in neither shape is counted and skipped
/// (the first one logged with its place); a file that cannot be decompressed (corrupt, or cut short while still
/// being written) ends there, counted and logged once: the replay goes on with the other files.
/// </summary>
internal sealed class SimTapeFile(string path, ILogger? logger = null) : IDisposable
{
    private readonly ILogger logger = logger ?? NullLogger.Instance;
    private long lineNumber;
    private readonly ArrayBufferWriter<byte> line = new(4096);
    private readonly byte[] chunk = new byte[64 * 1024];
    private Stream? stream;
    private bool done;
    private int chunkStart;
    private int chunkEnd;

    public string Path { get; } = path;

    public long BadLines { get; private set; }

    /// <summary>True for the names this reader takes (rejected-message files and manifests are not tapes).</summary>
    public static bool IsTape(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        return !name.StartsWith('_') &&
            (name.EndsWith(".jsonl.zst", StringComparison.Ordinal) || name.EndsWith(".ndjson.gz", StringComparison.Ordinal) || name.EndsWith(".ndjson", StringComparison.Ordinal));
    }

    /// <summary>The next frame, or false at the end of the file.</summary>
    public bool TryRead(out SimTapeFrame frame)
    {
        while (ReadLine())
        {
            if (line.WrittenCount == 0)
            {
                continue;
            }

            if (TryParse(line.WrittenSpan, out frame))
            {
                return true;
            }

            if (BadLines++ == 0)
            {
                var sample = line.WrittenSpan[..Math.Min(line.WrittenCount, 100)];
                KalshiSimLog.TapeLineSkipped(this.logger, Path, lineNumber, Encoding.UTF8.GetString(sample));
            }
        }

        frame = default;
        return false;
    }

    /// <summary>Parses a raw archive line or a capture line.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> text, out SimTapeFrame frame)
    {
        frame = default;
        long? received = null;
        string? type = null;
        byte[]? data = null;
        try
        {
            var reader = new Utf8JsonReader(text);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("ts"u8) || reader.ValueTextEquals("recv_ms"u8))
                {
                    reader.Read();
                    received = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.GetString();
                }
                else if (reader.ValueTextEquals("data"u8) || reader.ValueTextEquals("event"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    data = text[start..(int)reader.BytesConsumed].ToArray();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (data is null)
            {
                return false;
            }

            // A capture line has no type of its own: it is the frame's.
            var envelope = Envelope(data);
            type ??= envelope.Type;
            if (received is null || type is null)
            {
                return false;
            }

            frame = new SimTapeFrame(received.Value, type, data, envelope.Sid, envelope.Seq);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    /// <summary>The frame's top-level <c>type</c>, <c>sid</c> and <c>seq</c>.</summary>
    private static (string? Type, long? Sid, long? Seq) Envelope(ReadOnlySpan<byte> frame)
    {
        string? type = null;
        long? sid = null, seq = null;
        var reader = new Utf8JsonReader(frame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("type"u8) ? 1 : reader.ValueTextEquals("sid"u8) ? 2 : reader.ValueTextEquals("seq"u8) ? 3 : 0;
            reader.Read();
            switch (name)
            {
                case 1 when reader.TokenType == JsonTokenType.String:
                    type = reader.GetString();
                    break;
                case 2 when reader.TokenType == JsonTokenType.Number:
                    sid = reader.GetInt64();
                    break;
                case 3 when reader.TokenType == JsonTokenType.Number:
                    seq = reader.GetInt64();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return (type, sid, seq);
    }

    private bool ReadLine()
    {
        line.ResetWrittenCount(); // Clear() would zero the bytes too, every line
        lineNumber++;
        while (true)
        {
            if (chunkStart == chunkEnd && !Fill())
            {
                return line.WrittenCount > 0;
            }

            var span = chunk.AsSpan(chunkStart, chunkEnd - chunkStart);
            var newline = span.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line.Write(span[..newline]);
                chunkStart += newline + 1;
                return true;
            }

            line.Write(span);
            chunkStart = chunkEnd;
        }
    }

    private bool Fill()
    {
        if (done)
        {
            return false;
        }

        chunkStart = 0;
        try
        {
            stream ??= Open(Path);
            chunkEnd = stream.Read(chunk, 0, chunk.Length);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or ZstdSharp.ZstdException)
        {
            BadLines++;
            KalshiSimLog.TapeFileUnreadable(this.logger, Path, lineNumber, e.Message);
            chunkEnd = 0;
        }

        if (chunkEnd > 0)
        {
            return true;
        }

        done = true;
        stream?.Dispose();
        stream = null;
        return false;
    }

    private static Stream Open(string path)
    {
        var file = File.OpenRead(path);
        return path.EndsWith(".zst", StringComparison.Ordinal) ? new ZstdSharp.DecompressionStream(file)
            : path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress)
            : file;
    }

    public void Dispose() => stream?.Dispose();
}
