using System.Buffers;
using System.Text.Json;

namespace Ssmd.Secmaster.Internal;

/// <summary>
/// Writes change-event bodies back to back into one reusable buffer (no array per event):
/// <c>{"ticker","version","source","changed_at","fields":[{"field","old","new"}]}</c>.
/// </summary>
internal sealed class ChangeEventWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly List<(int Start, int Length)> _slices = [];

    public ChangeEventWriter() => _json = new Utf8JsonWriter(_buffer);

    /// <summary>Forgets what was written; the memory of earlier <see cref="Body"/> calls is reused.</summary>
    public void Reset()
    {
        _buffer.ResetWrittenCount();
        _slices.Clear();
    }

    /// <summary>Appends one event body; its index for <see cref="Body"/> is the number appended before.</summary>
    public void Append(SecmasterChange change)
    {
        var start = _buffer.WrittenCount;
        _json.Reset(_buffer);
        Write(_json, change);
        _json.Flush();
        _slices.Add((start, _buffer.WrittenCount - start));
    }

    /// <summary>The body appended as number <paramref name="index"/> (valid until the next <see cref="Reset"/>; the buffer may move while appending, so take bodies after the last append).</summary>
    public ReadOnlyMemory<byte> Body(int index)
    {
        var (start, length) = _slices[index];
        return _buffer.WrittenMemory.Slice(start, length);
    }

    /// <summary>One event body as its own array (tests, tools).</summary>
    public static byte[] Serialize(SecmasterChange change)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, change);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, SecmasterChange change)
    {
        writer.WriteStartObject();
        writer.WriteString("ticker"u8, change.Ticker);
        writer.WriteNumber("version"u8, change.Version);
        writer.WriteString("source"u8, change.Source);
        writer.WriteString("changed_at"u8, change.ChangedAt);
        writer.WriteStartArray("fields"u8);
        foreach (var field in change.Fields)
        {
            writer.WriteStartObject();
            writer.WriteString("field"u8, field.Field);
            writer.WriteString("old"u8, field.OldValue);
            writer.WriteString("new"u8, field.NewValue);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
