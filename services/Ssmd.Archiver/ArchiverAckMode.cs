namespace Ssmd.Archiver;

/// <summary>When the archiver acknowledges a JetStream message (<c>Archiver:AckMode</c>).</summary>
public enum ArchiverAckMode
{
    /// <summary><see cref="Stored"/> when the archive store is S3, <see cref="Journal"/> when it is a local folder.</summary>
    Auto = 0,

    /// <summary>
    /// Once the message is fsynced in the local journal. Right when the journal is as durable as the
    /// archive (a folder backend on the same disk); with S3 the journal goes on acknowledging while
    /// storage is down.
    /// </summary>
    Journal = 1,

    /// <summary>
    /// Once the message is in object storage: journaled messages are also uploaded as parts to
    /// <c>{prefix}/_parts/{consumer}/</c> and acknowledged when their part is stored. While storage is
    /// down nothing is acknowledged and JetStream keeps the messages.
    /// </summary>
    Stored = 2,
}
