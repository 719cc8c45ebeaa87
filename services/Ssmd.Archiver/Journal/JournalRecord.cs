using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Ssmd.Archiver.Journal;

/// <summary>
/// One received message in the journal, little-endian:
/// <c>[u32 body length][u32 CRC-32 of body]</c> then the body
/// <c>[u64 stream sequence][i64 receive time, Unix ns][u8 flags][u8 rejection][u16 subject length][subject][payload]</c>.
/// The CRC lets a reader stop at a record torn by a crash (such a record was never acknowledged, so
/// JetStream delivers it again).
/// </summary>
internal static class JournalRecord
{
    public const int HeaderLength = 8;
    public const int BodyHeadLength = 20;

    /// <summary>Bodies larger than this are refused on write and taken as a torn tail on read.</summary>
    public const int MaxBody = 64 << 20;

    /// <summary>Appends one record.</summary>
    public static void Write(IBufferWriter<byte> output, ulong sequence, long receiveNs, JournalFlags flags, Rejection rejection, string subject, ReadOnlySpan<byte> payload)
    {
        var subjectLength = Encoding.UTF8.GetByteCount(subject);
        var body = BodyHeadLength + subjectLength + payload.Length;
        if (body > MaxBody || subjectLength > ushort.MaxValue)
            throw new InvalidOperationException($"Message {sequence} on '{subject}' is too large for the journal ({body} bytes).");
        var span = output.GetSpan(HeaderLength + body);
        var bodySpan = span.Slice(HeaderLength, body);
        BinaryPrimitives.WriteUInt64LittleEndian(bodySpan, sequence);
        BinaryPrimitives.WriteInt64LittleEndian(bodySpan[8..], receiveNs);
        bodySpan[16] = (byte)flags;
        bodySpan[17] = (byte)rejection;
        BinaryPrimitives.WriteUInt16LittleEndian(bodySpan[18..], (ushort)subjectLength);
        Encoding.UTF8.GetBytes(subject, bodySpan.Slice(BodyHeadLength, subjectLength));
        payload.CopyTo(bodySpan[(BodyHeadLength + subjectLength)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)body);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Crc32.HashToUInt32(bodySpan));
        output.Advance(HeaderLength + body);
    }
}

/// <summary>What the archiver noticed about a message when it arrived.</summary>
[Flags]
internal enum JournalFlags : byte
{
    None = 0,

    /// <summary>No usable <c>Ssmd-Receive-Time</c> header: the time JetStream stored the message stands in.</summary>
    StreamTime = 1,
}

/// <summary>Why a message goes to the day's rejected file instead of its place in the layout.</summary>
internal enum Rejection : byte
{
    None = 0,

    /// <summary>The subject is not <c>{feed}.raw.{type}</c> / <c>{feed}.{kind}.{ticker}</c> of this source.</summary>
    Subject = 1,

    /// <summary>A raw frame that is not one line of JSON (it cannot be a JSONL line's <c>data</c>).</summary>
    NotJson = 2,

    /// <summary>A normalized payload that is not exactly one valid Cap'n Proto message of its kind.</summary>
    NotCapnp = 3,

    /// <summary>The type or ticker cannot be a key segment ('/', control characters, '..').</summary>
    UnsafeName = 4,
}

/// <summary>The words used for <see cref="Rejection"/> in logs, metrics and rejected files.</summary>
internal static class RejectionNames
{
    public static string Of(Rejection rejection) => rejection switch
    {
        Rejection.Subject => "subject",
        Rejection.NotJson => "not_json_line",
        Rejection.NotCapnp => "not_capnp",
        Rejection.UnsafeName => "unsafe_name",
        _ => "none",
    };
}
