namespace Ssmd.Storage;

/// <summary>What verification asks of the JetStream stream an archive came from (implemented over NATS by the archiver).</summary>
public interface IArchiveStreamProbe
{
    /// <summary>The first and last sequence the stream still holds, or null when there is no such stream.</summary>
    Task<(ulong First, ulong Last)?> GetRangeAsync(string stream, CancellationToken cancellationToken);

    /// <summary>The receive time (Unix ns) of message <paramref name="sequence"/>, or null when the stream no longer holds it.</summary>
    Task<long?> GetReceiveTimeAsync(string stream, ulong sequence, CancellationToken cancellationToken);
}
