using Microsoft.Extensions.Logging;

namespace Ssmd.ServiceDefaults.Internal;

/// <summary>ServiceDefaults' log messages, event ids 9000–9099. Connection details are always redacted.</summary>
internal static partial class ServiceDefaultsLog
{
    /// <summary>The logger category of everything ServiceDefaults logs.</summary>
    public const string Category = "Ssmd.ServiceDefaults";

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "NATS client '{ConnectionName}' uses {Servers}")]
    public static partial void NatsClientCreated(ILogger logger, string connectionName, string servers);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Archive store '{ConnectionName}': {Store}")]
    public static partial void ArchiveStoreCreated(ILogger logger, string connectionName, string store);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Temporal client '{ConnectionName}' uses {TargetHost}, namespace {Namespace} (connects on first use)")]
    public static partial void TemporalClientCreated(ILogger logger, string connectionName, string targetHost, string @namespace);

    [LoggerMessage(EventId = 9010, Level = LogLevel.Warning, Message = "A measurement of instrument {Meter}/{Instrument} could not be exported to /metrics (reported once per instrument)")]
    public static partial void InstrumentNotExported(ILogger logger, string meter, string instrument, Exception exception);
}
