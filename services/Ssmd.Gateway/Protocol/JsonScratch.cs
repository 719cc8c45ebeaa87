using System.Buffers;
using System.Text.Json;

namespace Ssmd.Gateway.Protocol;

/// <summary>
/// A writer and its buffer reused per thread: an event is serialized once into it and copied out as the
/// one array every subscriber's queue shares, so fan-out to N clients costs one allocation, not N.
/// </summary>
internal sealed class JsonScratch
{
    [ThreadStatic]
    private static JsonScratch? s_current;

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    private JsonScratch() => Writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    public Utf8JsonWriter Writer { get; }

    /// <summary>This thread's scratch, reset.</summary>
    public static JsonScratch Rent()
    {
        var scratch = s_current ??= new JsonScratch();
        scratch._buffer.ResetWrittenCount();
        scratch.Writer.Reset(scratch._buffer);
        return scratch;
    }

    /// <summary>The written JSON as a new array.</summary>
    public byte[] ToArray()
    {
        Writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }
}
