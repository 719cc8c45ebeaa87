namespace Ssmd.Streams;

/// <summary>What JetStream answered to one publish (see <see cref="JetStreamAckInbox"/>).</summary>
/// <param name="Stored">The stream holds the message (a duplicate is stored too: it was already there).</param>
/// <param name="Sequence">Its stream sequence.</param>
/// <param name="Duplicate">JetStream had it already (same <c>Nats-Msg-Id</c> within the duplicate window).</param>
/// <param name="Error">Why it was not stored.</param>
public readonly record struct JetStreamAck(bool Stored, ulong Sequence, bool Duplicate, string? Error)
{
    /// <summary>Not stored, for <paramref name="error"/>.</summary>
    public static JetStreamAck Failed(string error) => new(false, 0, false, error);
}
