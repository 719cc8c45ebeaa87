using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Ssmd.Kalshi.Messages;

/// <summary>
/// Writes Kalshi frames in today's shapes (dollar strings with 4 decimals, <c>_fp</c> sizes with 2,
/// <c>ts_ms</c>) and field order as seen in real captures. Bodies (<c>msg</c>) and envelopes are separate
/// so one body can be shared by many subscriptions that differ only in <c>sid</c>/<c>seq</c>.
/// </summary>
public static partial class KalshiFrameWriter
{
    /// <summary>
    /// Writes <c>{"type":…,"sid":…,"seq":…,"id":…,"msg":BODY}</c>; <paramref name="seq"/> and
    /// <paramref name="id"/> are left out when null, <c>msg</c> when <paramref name="body"/> is empty.
    /// </summary>
    public static void WriteEnvelope(IBufferWriter<byte> output, ReadOnlySpan<byte> type, long? sid, long? seq, long? id, ReadOnlySpan<byte> body)
    {
        var span = output.GetSpan(type.Length + body.Length + 96);
        var p = 0;
        Append(span, ref p, "{\"type\":\""u8);
        Append(span, ref p, type);
        span[p++] = (byte)'"';
        if (id is { } idValue)
        {
            Append(span, ref p, ",\"id\":"u8);
            Utf8Formatter.TryFormat(idValue, span[p..], out var w);
            p += w;
        }

        if (sid is { } sidValue)
        {
            Append(span, ref p, ",\"sid\":"u8);
            Utf8Formatter.TryFormat(sidValue, span[p..], out var w);
            p += w;
        }

        if (seq is { } seqValue)
        {
            Append(span, ref p, ",\"seq\":"u8);
            Utf8Formatter.TryFormat(seqValue, span[p..], out var w);
            p += w;
        }

        if (!body.IsEmpty)
        {
            Append(span, ref p, ",\"msg\":"u8);
            Append(span, ref p, body);
        }

        span[p++] = (byte)'}';
        output.Advance(p);
    }

    private static void Append(Span<byte> span, ref int p, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[p..]);
        p += bytes.Length;
    }

    /// <summary>Writes a price as its 4-decimal dollar string.</summary>
    public static void WritePrice(Utf8JsonWriter writer, JsonEncodedText name, KalshiPrice price)
    {
        Span<byte> buffer = stackalloc byte[FixedPoint.MaxLength];
        price.TryFormat(buffer, out var written);
        writer.WriteString(name, buffer[..written]);
    }

    /// <summary>Writes a size as its 2-decimal <c>_fp</c> string.</summary>
    public static void WriteSize(Utf8JsonWriter writer, JsonEncodedText name, KalshiSize size)
    {
        Span<byte> buffer = stackalloc byte[FixedPoint.MaxLength];
        size.TryFormat(buffer, out var written);
        writer.WriteString(name, buffer[..written]);
    }

    private static void WriteLevel(Utf8JsonWriter writer, KalshiPrice price, KalshiSize size)
    {
        Span<byte> buffer = stackalloc byte[FixedPoint.MaxLength];
        writer.WriteStartArray();
        price.TryFormat(buffer, out var written);
        writer.WriteStringValue(buffer[..written]);
        size.TryFormat(buffer, out written);
        writer.WriteStringValue(buffer[..written]);
        writer.WriteEndArray();
    }

    /// <summary>RFC 3339 with microseconds, as the deprecated <c>ts</c>/<c>time</c> strings are sent.</summary>
    public static string Rfc3339(long unixMs)
    {
        Span<byte> buffer = stackalloc byte[Rfc3339Length];
        FormatRfc3339(unixMs, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    private const int Rfc3339Length = 27;

    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> (27 bytes) without going through DateTime formatting (hot path).</summary>
    private static void FormatRfc3339(long unixMs, Span<byte> d)
    {
        var t = DateTime.UnixEpoch.AddMilliseconds(unixMs);
        Digits(d, 0, t.Year, 4);
        d[4] = (byte)'-';
        Digits(d, 5, t.Month, 2);
        d[7] = (byte)'-';
        Digits(d, 8, t.Day, 2);
        d[10] = (byte)'T';
        Digits(d, 11, t.Hour, 2);
        d[13] = (byte)':';
        Digits(d, 14, t.Minute, 2);
        d[16] = (byte)':';
        Digits(d, 17, t.Second, 2);
        d[19] = (byte)'.';
        Digits(d, 20, t.Millisecond * 1000, 6);
        d[26] = (byte)'Z';
    }

    private static void Digits(Span<byte> d, int at, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            d[at + i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static void WriteRfc3339(Utf8JsonWriter writer, JsonEncodedText name, long unixMs)
    {
        Span<byte> buffer = stackalloc byte[Rfc3339Length];
        FormatRfc3339(unixMs, buffer);
        writer.WriteString(name, buffer);
    }
}
