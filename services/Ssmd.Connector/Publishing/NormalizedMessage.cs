namespace Ssmd.Connector.Publishing;

/// <summary>One Cap'n Proto event made from a frame, in a pooled buffer owned by its <see cref="OutboundFrame"/>.</summary>
internal readonly record struct NormalizedMessage(string Subject, byte[] Buffer, int Length, string MessageId, long ExchangeNanoseconds)
{
    public ReadOnlyMemory<byte> Payload => Buffer.AsMemory(0, Length);
}
