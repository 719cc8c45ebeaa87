namespace Ssmd.Connector.Internal;

/// <summary>The connector's log messages (event ids 7000–7099). Keys and signatures are never logged.</summary>
internal static partial class ConnectorLog
{
    [LoggerMessage(7000, LogLevel.Information, "Connector for feed {Feed}: {Url}, {Markets} markets in {Shards} orderbook connections of up to {PerSubscription}, channels {Channels}, use_yes_price={UseYesPrice}, handshake {Signing}")]
    public static partial void Started(ILogger logger, string feed, Uri url, int markets, int shards, int perSubscription, string channels, bool useYesPrice, string signing);

    [LoggerMessage(7001, LogLevel.Information, "Connection {Connection} open (generation {Generation}): subscribed {Channels}, {Markets} markets")]
    public static partial void Connected(ILogger logger, string connection, int generation, string channels, int markets);

    [LoggerMessage(7002, LogLevel.Warning, "Connection {Connection} lost: {Reason}; reconnecting in {Delay}")]
    public static partial void Disconnected(ILogger logger, string connection, string reason, TimeSpan delay, Exception? exception);

    [LoggerMessage(7003, LogLevel.Warning, "Sequence gap on {Connection} sid {Sid} ({Channel}): expected {Expected}, got {Seq}; resyncing")]
    public static partial void Gap(ILogger logger, string connection, long sid, string channel, long expected, long seq);

    [LoggerMessage(7004, LogLevel.Warning, "Frame on {Connection} not normalized ({Reason}), kept raw: type {Type}, sid {Sid}, seq {Seq}: {Detail}")]
    public static partial void NotNormalized(ILogger logger, string connection, string reason, string? type, long? sid, long? seq, string detail);

    [LoggerMessage(7005, LogLevel.Error, "Buffer full ({Capacity} frames): NATS is not keeping up; frames are being DROPPED and counted (first on {Connection})")]
    public static partial void BufferFull(ILogger logger, int capacity, string connection);

    [LoggerMessage(7006, LogLevel.Error, "Data loss: {Dropped} frames were dropped while NATS was unavailable (total {Total}); books are re-snapshotted and trades backfilled")]
    public static partial void DataLoss(ILogger logger, long dropped, long total);

    [LoggerMessage(7007, LogLevel.Warning, "JetStream publish failed ({Reason}); retrying {Count} messages with the same Nats-Msg-Id in {Delay}")]
    public static partial void PublishRetry(ILogger logger, string reason, int count, TimeSpan delay);

    [LoggerMessage(7008, LogLevel.Warning, "Kalshi error on {Connection}: code {Code} '{Text}' (sid {Sid}, command {Id})")]
    public static partial void KalshiError(ILogger logger, string connection, int code, string text, long? sid, long? id);

    [LoggerMessage(7009, LogLevel.Information, "Markets: +{Added} -{Removed} (now {Total} in {Shards} orderbook connections)")]
    public static partial void MarketsChanged(ILogger logger, int added, int removed, int total, int shards);

    [LoggerMessage(7010, LogLevel.Warning, "Market discovery from {RestUrl} failed; keeping the current set")]
    public static partial void DiscoveryFailed(ILogger logger, Uri restUrl, Exception exception);

    [LoggerMessage(7011, LogLevel.Information, "Backfilled {Count} trades from REST since {Since:o}")]
    public static partial void Backfilled(ILogger logger, int count, DateTimeOffset since);

    [LoggerMessage(7012, LogLevel.Warning, "Trade backfill from {RestUrl} failed; will try again")]
    public static partial void BackfillFailed(ILogger logger, Uri restUrl, Exception exception);

    [LoggerMessage(7013, LogLevel.Critical, "No connection to Kalshi for {Duration}: giving up so the orchestrator restarts the connector")]
    public static partial void GivingUp(ILogger logger, TimeSpan duration);

    [LoggerMessage(7014, LogLevel.Critical, "Kalshi refused the handshake ({Status}): the credentials are wrong; stopping")]
    public static partial void Refused(ILogger logger, int status);

    [LoggerMessage(7015, LogLevel.Warning, "Watchdog: connection {Connection} silent for {Silence} (no pong, reply or data); replacing it")]
    public static partial void WatchdogFired(ILogger logger, string connection, TimeSpan silence);

    [LoggerMessage(7016, LogLevel.Information, "Draining: {Depth} frames left to publish")]
    public static partial void Draining(ILogger logger, long depth);

    [LoggerMessage(7017, LogLevel.Error, "JetStream already held message id {MessageId} on its first send to {Subject}: this message was NOT stored (an id collision)")]
    public static partial void IdCollision(ILogger logger, string messageId, string subject);

    [LoggerMessage(7018, LogLevel.Warning, "Connection {Connection} lost frames: publishing a dataLoss status for its {Markets} markets, then re-snapshotting and backfilling")]
    public static partial void ReportingLoss(ILogger logger, string connection, int markets);

    [LoggerMessage(7019, LogLevel.Error, "Connection {Connection}: the buffer filled again before the dataLoss status of its {Markets} markets could be queued; only the raw loss marker records this loss")]
    public static partial void LossEventsDropped(ILogger logger, string connection, int markets);

    [LoggerMessage(7020, LogLevel.Error, "NATS lost {Missing} messages of stream {Stream} it had acknowledged (a crash before they reached its file); sending {Replayed} again from the replay window, the rest are counted as lost")]
    public static partial void BrokerLostAcknowledged(ILogger logger, string stream, long missing, int replayed);

    [LoggerMessage(7021, LogLevel.Warning, "NATS is not keeping up: the publish queue stayed above {Depth} frames for {Wait}; the read loops stop waiting for it and frames past the buffer's capacity will be dropped and counted")]
    public static partial void NatsStalled(ILogger logger, int depth, TimeSpan wait);

    [LoggerMessage(7022, LogLevel.Error, "Data loss: trade backfill from {RestUrl} gave up after {Attempts} attempts; trades missed since {Since:o} are not recovered")]
    public static partial void BackfillAbandoned(ILogger logger, Uri restUrl, DateTimeOffset since, int attempts, Exception exception);
}
