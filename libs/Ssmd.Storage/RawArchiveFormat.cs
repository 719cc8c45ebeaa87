using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Ssmd.Storage;

/// <summary>
/// The raw archive's line: <c>{"ts":&lt;receive unix ms&gt;,"type":"&lt;type&gt;","data":&lt;frame&gt;}\n</c>, the
/// frame written byte for byte (it is one line of JSON: the archiver files anything else as rejected).
/// </summary>
public static class RawArchiveFormat
{
    private static ReadOnlySpan<byte> TsPrefix => "{\"ts\":"u8;

    private static ReadOnlySpan<byte> TypePrefix => ",\"type\":"u8;

    private static ReadOnlySpan<byte> DataPrefix => ",\"data\":"u8;

    /// <summary>Bytes of the line for a frame of <paramref name="frameLength"/> bytes and an encoded type of <paramref name="typeJsonLength"/> bytes (quotes included).</summary>
    public static int LineLength(int typeJsonLength, int frameLength) => TsPrefix.Length + 20 + TypePrefix.Length + typeJsonLength + DataPrefix.Length + frameLength + 2;

    /// <summary>The type as a JSON string with its quotes, to pass to <see cref="WriteLine"/> (computed once per file).</summary>
    public static byte[] EncodeType(string type) => JsonSerializer.SerializeToUtf8Bytes(type);

    /// <summary>Writes one line, newline included.</summary>
    public static void WriteLine(IBufferWriter<byte> output, long tsMs, ReadOnlySpan<byte> typeJson, ReadOnlySpan<byte> frame)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(LineLength(typeJson.Length, frame.Length));
        TsPrefix.CopyTo(span);
        var at = TsPrefix.Length;
        Utf8Formatter.TryFormat(tsMs, span[at..], out var written);
        at += written;
        TypePrefix.CopyTo(span[at..]);
        at += TypePrefix.Length;
        typeJson.CopyTo(span[at..]);
        at += typeJson.Length;
        DataPrefix.CopyTo(span[at..]);
        at += DataPrefix.Length;
        frame.CopyTo(span[at..]);
        at += frame.Length;
        span[at++] = (byte)'}';
        span[at++] = (byte)'\n';
        output.Advance(at);
    }

    /// <summary>
    /// True when <paramref name="frame"/> can be a line's <c>data</c>: one complete JSON value with no
    /// line break (a line break would split the line; inside JSON strings one is invalid anyway).
    /// </summary>
    public static bool IsLineSafeJson(ReadOnlySpan<byte> frame)
    {
        if (frame.IsEmpty || frame.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
            return false;
        try
        {
            var reader = new Utf8JsonReader(frame, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read())
                return false;
            reader.Skip();
            return reader.BytesConsumed == frame.Length || frame[(int)reader.BytesConsumed..].Trim(" \t"u8).IsEmpty;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads a line (without its newline): the receive time, the type and the frame's exact bytes.</summary>
    /// <exception cref="FormatException">The line is not an archive line.</exception>
    public static (long TsMs, string Type, Range Data) ParseLine(ReadOnlySpan<byte> line)
    {
        long? ts = null;
        string? type = null;
        Range? data = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException("A raw archive line must be a JSON object.");
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
                    data = start..(int)reader.BytesConsumed;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.BytesConsumed != line.Length)
                throw new FormatException("A raw archive line must be exactly one JSON object.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new FormatException($"Not a raw archive line: {e.Message}", e);
        }

        if (ts is null || type is null || data is null)
            throw new FormatException("A raw archive line needs ts, type and data.");
        return (ts.Value, type, data.Value);
    }
}
