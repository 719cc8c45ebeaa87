namespace Ssmd.KalshiSim;

/// <summary>The simulator's log messages (event ids 5000–5999).</summary>
internal static partial class KalshiSimLog
{
    [LoggerMessage(5000, LogLevel.Information, "Kalshi simulator: {Markets} markets, seed {Seed}, {EventsPerSecond} events/s (0 = as fast as clients read), unsigned handshakes {Unsigned}, {Keys} API key(s)")]
    public static partial void Started(ILogger logger, int markets, int seed, double eventsPerSecond, string unsigned, int keys);

    [LoggerMessage(5009, LogLevel.Information, "Kalshi simulator replaying {Files} tape file(s) from {Path}: {Markets} markets, speed {Speed} (0 = as fast as clients read), pauses cut to {MaxGapSeconds} s, loop {Loop}, unsigned handshakes {Unsigned}, {Keys} API key(s)")]
    public static partial void StartedReplay(ILogger logger, int files, string path, int markets, double speed, string maxGapSeconds, bool loop, string unsigned, int keys);

    [LoggerMessage(5001, LogLevel.Information, "WebSocket client {Connection} connected from {Remote} (key {KeyId})")]
    public static partial void Connected(ILogger logger, long connection, string? remote, string keyId);

    [LoggerMessage(5002, LogLevel.Warning, "WebSocket handshake from {Remote} refused: {Reason}")]
    public static partial void HandshakeRefused(ILogger logger, string? remote, string reason);

    [LoggerMessage(5003, LogLevel.Debug, "WebSocket client {Connection} stopped receiving: {Reason}")]
    public static partial void ReceiveEnded(ILogger logger, long connection, string reason);

    [LoggerMessage(5004, LogLevel.Debug, "WebSocket client {Connection} stopped sending: {Reason}")]
    public static partial void SendEnded(ILogger logger, long connection, string reason);

    [LoggerMessage(5005, LogLevel.Information, "WebSocket client {Connection} sent a command that is not valid: {Reason}")]
    public static partial void BadCommand(ILogger logger, long connection, string reason);

    [LoggerMessage(5006, LogLevel.Information, "Fault: dropping WebSocket client {Connection}")]
    public static partial void FaultDrop(ILogger logger, long connection);

    [LoggerMessage(5007, LogLevel.Information, "WebSocket client {Connection} disconnected after {Frames} frames")]
    public static partial void Disconnected(ILogger logger, long connection, long frames);

    [LoggerMessage(5008, LogLevel.Error, "A command or admin action failed on the exchange loop; the exchange carries on")]
    public static partial void WorkFailed(ILogger logger, Exception exception);

    [LoggerMessage(5010, LogLevel.Warning, "Tape {Path}: line {Line} is neither a capture line nor a raw archive line; skipped and counted (later bad lines of this file are only counted): {Sample}")]
    public static partial void TapeLineSkipped(ILogger logger, string path, long line, string sample);

    [LoggerMessage(5011, LogLevel.Error, "Tape {Path} cannot be read past line {Line} ({Reason}); the rest of this file is skipped and counted, the other files play on")]
    public static partial void TapeFileUnreadable(ILogger logger, string path, long line, string reason);

    [LoggerMessage(5100, LogLevel.Information, "Admin: faults set to {Faults}")]
    public static partial void FaultsChanged(ILogger logger, KalshiSimFaultOptions faults);

    [LoggerMessage(5101, LogLevel.Information, "Admin: load set to paused={Paused}, {EventsPerSecond} events/s")]
    public static partial void LoadChanged(ILogger logger, bool paused, double eventsPerSecond);
}
