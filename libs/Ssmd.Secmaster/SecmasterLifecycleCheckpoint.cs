namespace Ssmd.Secmaster;

/// <summary>
/// Where a lifecycle message sits in its JetStream stream. Applied with the message, it makes the apply
/// idempotent: a message at or before the stream's recorded sequence is a redelivery and changes nothing.
/// </summary>
/// <param name="Stream">The stream's name.</param>
/// <param name="StreamCreated">When the stream was created (a recreated stream starts its sequences again).</param>
/// <param name="Sequence">The message's stream sequence.</param>
public sealed record SecmasterLifecycleCheckpoint(string Stream, DateTimeOffset StreamCreated, ulong Sequence);
