namespace Ssmd.Archiver;

/// <summary>The archiver's settings (<c>Archiver</c> section), checked at start by <c>ValidateArchiverOptions</c>.</summary>
public sealed class ArchiverOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Archiver";

    /// <summary>
    /// The journal folder: received messages are written and fsynced here before they are acknowledged,
    /// and stay until a flush has put them in the archive. Must survive a restart (a persistent volume).
    /// </summary>
    public string WorkDirectory { get; set; } = "archiver-journal";

    /// <summary>Durable consumer names are <c>{ConsumerPrefix}-{raw|trade|orderbook|ticker|status}</c>.</summary>
    public string ConsumerPrefix { get; set; } = "ssmd-archiver";

    /// <summary>
    /// Filter overrides by source (<c>raw</c>, <c>trade</c>, <c>orderbook</c>, <c>ticker</c>, <c>status</c>);
    /// defaults are <c>{feed}.raw.&gt;</c> and <c>{feed}.{kind}.&gt;</c>. Checked against the streams at start.
    /// </summary>
    public Dictionary<string, string> Filters { get; set; } = [];

    /// <summary>
    /// When a message is acknowledged: <c>Journal</c> (fsynced in the journal), <c>Stored</c> (its part is
    /// in object storage), or <c>Auto</c> (the default: <c>Stored</c> for S3, <c>Journal</c> for a folder).
    /// </summary>
    public ArchiverAckMode AckMode { get; set; } = ArchiverAckMode.Auto;

    /// <summary>Stored mode: a part is uploaded at least this often while messages wait for it.</summary>
    public TimeSpan PartInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Stored mode: a part is uploaded once it holds this many messages (they stay unacknowledged until then).</summary>
    public int PartMaxMessages { get; set; } = 20_000;

    /// <summary>Stored mode: a part is uploaded once it holds this many bytes of journal records (8 MiB).</summary>
    public int PartMaxBytes { get; set; } = 8 << 20;

    /// <summary>Messages asked for per pull; one journal fsync and one round of acks per batch.</summary>
    public int FetchBatch { get; set; } = 1000;

    /// <summary>How long a pull waits for a full batch before taking what there is (NATS.Net needs more than 1 s).</summary>
    public TimeSpan FetchWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long JetStream waits for an ack before redelivering (the consumer's AckWait).</summary>
    public TimeSpan AckWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Journaled messages that start a flush: this bounds the flush index in memory (about 40 bytes each).</summary>
    public int MaxPendingMessages { get; set; } = 1_000_000;

    /// <summary>A flush at least this often while messages are pending.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After midnight UTC, wait this long (late frames of the day before) and then flush, closing the day.</summary>
    public TimeSpan DayCloseDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Archive files written at once during a flush (each holds one zstd encoder).</summary>
    public int FlushParallelism { get; set; } = 4;

    /// <summary>zstd level of the archive files (1–19).</summary>
    public int CompressionLevel { get; set; } = 3;

    /// <summary>The acknowledgement point for a store of <paramref name="store"/>'s kind (resolves <see cref="ArchiverAckMode.Auto"/>).</summary>
    public ArchiverAckMode EffectiveAckMode(Ssmd.ServiceDefaults.ArchiveStoreKind store) => AckMode switch
    {
        ArchiverAckMode.Auto => store == Ssmd.ServiceDefaults.ArchiveStoreKind.S3 ? ArchiverAckMode.Stored : ArchiverAckMode.Journal,
        var mode => mode,
    };

    /// <summary>
    /// The consumer's MaxAckPending: room for a fetch batch on top of everything a part holds before it
    /// is stored (Stored mode), so a consumer waiting for its part is never starved of messages.
    /// </summary>
    public int ConsumerMaxAckPending() => Math.Max(Math.Max(FetchBatch * 4, 10_000), PartMaxMessages + FetchBatch);

    /// <summary>How long stopping may take: the final flush runs within it.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
