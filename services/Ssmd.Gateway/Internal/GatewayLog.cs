namespace Ssmd.Gateway.Internal;

/// <summary>The gateway's log messages (event ids 3000–3099). API keys are never logged, only their holder's name.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(3000, LogLevel.Information, "Gateway for feed {Feed}: reading stream {Stream} from sequence {StartSequence}; {Keys} API keys configured")]
    public static partial void Started(ILogger logger, string feed, string stream, ulong startSequence, int keys);

    [LoggerMessage(3001, LogLevel.Warning, "No API keys configured (Gateway:ApiKeys): every streaming and REST request will be refused; /v1/health stays open")]
    public static partial void NoApiKeys(ILogger logger);

    [LoggerMessage(3002, LogLevel.Information, "Caught up with stream {Stream} at sequence {Sequence}: {Markets} markets")]
    public static partial void CaughtUp(ILogger logger, string stream, ulong sequence, int markets);

    [LoggerMessage(3003, LogLevel.Warning, "Stream {Stream} is not readable ({Reason}); retrying in {Delay}")]
    public static partial void FeedRetry(ILogger logger, string stream, string reason, TimeSpan delay);

    [LoggerMessage(3004, LogLevel.Warning, "Normalized message on {Subject} at stream sequence {Sequence} could not be read and was skipped: {Reason}")]
    public static partial void BadMessage(ILogger logger, string subject, ulong sequence, string reason);

    [LoggerMessage(3012, LogLevel.Warning, "Stream {Stream} lost continuity: {Reason}. Every book is unknown until its market's next snapshot (book changes are not sent meanwhile)")]
    public static partial void FeedGap(ILogger logger, string stream, string reason);

    [LoggerMessage(3005, LogLevel.Information, "Client {Client} ({KeyName}) connected from {Remote}")]
    public static partial void ClientConnected(ILogger logger, long client, string keyName, string? remote);

    [LoggerMessage(3006, LogLevel.Information, "Client {Client} ({KeyName}) disconnected: {Reason}; {Sent} events sent")]
    public static partial void ClientDisconnected(ILogger logger, long client, string keyName, DisconnectReason reason, long sent);

    [LoggerMessage(3007, LogLevel.Warning, "Client {Client} ({KeyName}) is a slow consumer: nothing taken for {Timeout}; disconnecting (1008)")]
    public static partial void SlowConsumer(ILogger logger, long client, string keyName, TimeSpan timeout);

    [LoggerMessage(3008, LogLevel.Warning, "Client {Client} ({KeyName}) flooded {Count} messages in one second; disconnecting (1008)")]
    public static partial void Flood(ILogger logger, long client, string keyName, int count);

    [LoggerMessage(3009, LogLevel.Warning, "Client {Client} ({KeyName}) fell behind: its queue is full ({Depth} events); book updates are coalesced, trades held back for a gap event")]
    public static partial void QueueFull(ILogger logger, long client, string keyName, int depth);

    [LoggerMessage(3010, LogLevel.Warning, "Refused a request to {Path}: {Reason}")]
    public static partial void Refused(ILogger logger, string path, string reason);

    [LoggerMessage(3011, LogLevel.Warning, "Client {Client} ({KeyName}) keeps sending commands while {Depth} events wait to be read; disconnecting (1008)")]
    public static partial void NotReading(ILogger logger, long client, string keyName, int depth);
}
