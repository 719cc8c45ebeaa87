using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Ssmd.Archiver.Journal;

/// <summary>Reads a journal segment's records in order; stops at the end or at a torn or damaged record.</summary>
internal sealed class JournalSegmentReader(string path) : IDisposable
{
    private readonly FileStream _stream = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
    private readonly byte[] _header = new byte[JournalRecord.HeaderLength];
    private byte[] _body = new byte[4096];

    public long Offset { get; private set; }

    public ulong Sequence { get; private set; }

    public long ReceiveNs { get; private set; }

    public JournalFlags Flags { get; private set; }

    public Rejection Rejection { get; private set; }

    public string Subject { get; private set; } = "";

    /// <summary>The whole record's length (header included).</summary>
    public int Length { get; private set; }

    /// <summary>True when reading stopped at bytes that are not a whole, intact record.</summary>
    public bool Torn { get; private set; }

    public bool Read()
    {
        Offset += Length;
        Length = 0;
        var got = _stream.ReadAtLeast(_header, _header.Length, throwOnEndOfStream: false);
        if (got == 0)
            return false;
        var body = (int)BinaryPrimitives.ReadUInt32LittleEndian(_header);
        if (got < _header.Length || body < JournalRecord.BodyHeadLength || body > JournalRecord.MaxBody)
            return Tear();
        if (_body.Length < body)
            _body = new byte[Math.Max(body, _body.Length * 2)];
        if (_stream.ReadAtLeast(_body.AsSpan(0, body), body, throwOnEndOfStream: false) < body)
            return Tear();
        var span = _body.AsSpan(0, body);
        if (Crc32.HashToUInt32(span) != BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(4)))
            return Tear();
        Sequence = BinaryPrimitives.ReadUInt64LittleEndian(span);
        ReceiveNs = BinaryPrimitives.ReadInt64LittleEndian(span[8..]);
        Flags = (JournalFlags)span[16];
        Rejection = (Rejection)span[17];
        int subjectLength = BinaryPrimitives.ReadUInt16LittleEndian(span[18..]);
        Subject = Encoding.UTF8.GetString(span.Slice(JournalRecord.BodyHeadLength, subjectLength));
        Length = JournalRecord.HeaderLength + body;
        return true;
    }

    /// <summary>Reads the body of a record at <paramref name="offset"/> (as indexed) into <paramref name="buffer"/> and returns subject length and payload range.</summary>
    public static (int SubjectLength, Range Payload, long ReceiveNs, ulong Sequence, JournalFlags Flags, Rejection Rejection) ReadAt(
        Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, int length, byte[] buffer)
    {
        var span = buffer.AsSpan(0, length);
        var read = RandomAccess.Read(handle, span, offset);
        if (read != length)
            throw new InvalidDataException($"Journal record at {offset} is cut ({read} of {length} bytes).");
        var body = span[JournalRecord.HeaderLength..];
        int subjectLength = BinaryPrimitives.ReadUInt16LittleEndian(body[18..]);
        var payloadStart = JournalRecord.HeaderLength + JournalRecord.BodyHeadLength + subjectLength;
        return (subjectLength, payloadStart..length, BinaryPrimitives.ReadInt64LittleEndian(body[8..]), BinaryPrimitives.ReadUInt64LittleEndian(body),
            (JournalFlags)body[16], (Rejection)body[17]);
    }

    /// <summary>Writes the current record, header and all, to <paramref name="output"/> (carrying it into a new segment).</summary>
    public void CopyCurrentTo(Stream output)
    {
        output.Write(_header);
        output.Write(_body, 0, Length - JournalRecord.HeaderLength);
    }

    public void Dispose() => _stream.Dispose();

    private bool Tear()
    {
        Torn = true;
        return false;
    }
}
