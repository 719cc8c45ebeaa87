using System.Buffers;
using System.Text.Json;

namespace Ssmd.KalshiSim.Replay;

/// <summary>
/// Reads ssmd raw archives, <c>*.jsonl.zst</c> with one line per frame
/// <c>{"ts":&lt;receive unix ms&gt;,"type":"&lt;kalshi type&gt;","data":&lt;the frame&gt;}</c>. The frame bytes are
/// sliced out of the line, never re-encoded. A line that is not in that shape is counted and skipped.
/// </summary>
internal sealed class SimArchiveReader : IDisposable
{
    private readonly string[] files;
    private readonly ArrayBufferWriter<byte> line = new(4096);
    private readonly byte[] chunk = new byte[64 * 1024];
    private int fileIndex = -1;
    private Stream? stream;
    private int chunkStart;
    private int chunkEnd;

    public SimArchiveReader(string path)
    {
        files = Directory.Exists(path)
            ? [.. Directory.GetFiles(path, "*.jsonl.zst", SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
            : [path];
    }

    public long BadLines { get; private set; }

    /// <summary>The next frame, or false at the end of the last file.</summary>
    public bool TryRead(out SimArchiveFrame frame)
    {
        while (ReadLine())
        {
            if (line.WrittenCount == 0)
            {
                continue;
            }

            if (TryParse(line.WrittenMemory, out frame))
            {
                return true;
            }

            BadLines++;
        }

        frame = default;
        return false;
    }

    public void Rewind()
    {
        stream?.Dispose();
        stream = null;
        fileIndex = -1;
        chunkStart = chunkEnd = 0;
    }

    private static bool TryParse(ReadOnlyMemory<byte> memory, out SimArchiveFrame frame)
    {
        frame = default;
        long ts = 0;
        string? type = null;
        ReadOnlyMemory<byte> data = default;
        try
        {
            var reader = new Utf8JsonReader(memory.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("ts"u8))
                {
                    reader.Read();
                    ts = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.GetString();
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    data = memory[start..(int)reader.BytesConsumed].ToArray();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (type is null || data.IsEmpty)
        {
            return false;
        }

        frame = new SimArchiveFrame(ts, type, data);
        return true;
    }

    private bool ReadLine()
    {
        line.Clear();
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
        while (true)
        {
            if (stream is null)
            {
                if (++fileIndex >= files.Length)
                {
                    return false;
                }

                stream = new ZstdSharp.DecompressionStream(File.OpenRead(files[fileIndex]));
            }

            chunkStart = 0;
            chunkEnd = stream.Read(chunk, 0, chunk.Length);
            if (chunkEnd > 0)
            {
                return true;
            }

            stream.Dispose();
            stream = null;
        }
    }

    public void Dispose() => stream?.Dispose();
}
