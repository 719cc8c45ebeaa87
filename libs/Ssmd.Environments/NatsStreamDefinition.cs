namespace Ssmd.Environments;

/// <summary>One JetStream stream's name and limits (file storage is implied).</summary>
public sealed record NatsStreamDefinition
{
    /// <summary>The stream name, e.g. <c>KALSHI_RAW</c>.</summary>
    public required string Name { get; init; }

    /// <summary>How long messages are kept; at least a day, so a whole trading day can be replayed.</summary>
    public required TimeSpan MaxAge { get; init; }

    /// <summary>How long JetStream remembers a <c>Nats-Msg-Id</c> to drop a republished duplicate.</summary>
    public required TimeSpan DuplicateWindow { get; init; }

    /// <summary>The most bytes the stream may hold before it discards the oldest messages.</summary>
    public required long MaxBytes { get; init; }
}
