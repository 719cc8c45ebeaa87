using System.Buffers;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Ssmd.Archiver.Parts;

/// <summary>
/// The journal records of one source that wait to be stored as a part, and their messages, which stay
/// unacknowledged until it is. Guarded by <see cref="Gate"/>: the consumer adds and acknowledges, the
/// keep-alive marks the messages in progress meanwhile.
/// </summary>
internal sealed class PendingPart
{
    private readonly ArrayBufferWriter<byte> _records = new(1 << 20);
    private readonly List<INatsJSMsg<NatsMemoryOwner<byte>>> _messages = [];

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public int Count => _messages.Count;

    public int Bytes => _records.WrittenCount;

    public ReadOnlyMemory<byte> Records => _records.WrittenMemory;

    public IReadOnlyList<INatsJSMsg<NatsMemoryOwner<byte>>> Messages => _messages;

    public ulong First { get; private set; } = ulong.MaxValue;

    public ulong Last { get; private set; }

    /// <summary>When the oldest message was added (a timestamp of <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long Since { get; private set; }

    /// <summary>Adds a journaled batch: its encoded records and its messages. Call with <see cref="Gate"/> held.</summary>
    public void Add(ReadOnlySpan<byte> records, IEnumerable<INatsJSMsg<NatsMemoryOwner<byte>>> messages, long now)
    {
        if (_messages.Count == 0)
            Since = now;
        _records.Write(records);
        foreach (var message in messages)
        {
            _messages.Add(message);
            var sequence = message.Metadata?.Sequence.Stream ?? 0;
            First = Math.Min(First, sequence);
            Last = Math.Max(Last, sequence);
        }
    }

    /// <summary>Empties the part once its messages are acknowledged. Call with <see cref="Gate"/> held.</summary>
    public void Clear()
    {
        _records.ResetWrittenCount();
        _messages.Clear();
        First = ulong.MaxValue;
        Last = 0;
    }
}
