namespace Ssmd.Environments;

/// <summary>
/// One validated ssmd environment definition (<c>environments/*.yaml</c>): which feed to capture,
/// which markets, when the day starts and ends, where messages and archives go, and where secrets
/// come from. Load it with <see cref="SsmdEnvironmentLoader"/>; the format is described in this
/// project's README.md.
/// </summary>
public sealed record SsmdEnvironment
{
    /// <summary>The format version, <c>ssmd/v1</c>.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>The document kind, <c>Environment</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The environment's name (<c>[a-z0-9-]+</c>), e.g. <c>sim</c> or <c>kalshi</c>.</summary>
    public required string Name { get; init; }

    /// <summary>One line for humans, or <see langword="null"/>.</summary>
    public string? Description { get; init; }

    /// <summary>The exchange connection (<c>feed</c>).</summary>
    public required FeedDefinition Feed { get; init; }

    /// <summary>The daily teardown and startup (<c>schedule</c>).</summary>
    public required ScheduleDefinition Schedule { get; init; }

    /// <summary>Which markets are captured (<c>symbols</c>).</summary>
    public required SymbolsDefinition Symbols { get; init; }

    /// <summary>The NATS JetStream streams (<c>transport</c>).</summary>
    public required TransportDefinition Transport { get; init; }

    /// <summary>The archive buckets (<c>storage</c>).</summary>
    public required StorageDefinition Storage { get; init; }

    /// <summary>
    /// Secrets by name (<c>kalshiApiKeyId</c>, <c>kalshiPrivateKey</c>…), each a reference to where the
    /// value lives, never the value. Empty when the environment needs none.
    /// </summary>
    public required IReadOnlyDictionary<string, SecretReference> Secrets { get; init; }

    /// <summary>The file this definition was read from (the source name given to <see cref="SsmdEnvironmentLoader.Parse"/>).</summary>
    public required string SourcePath { get; init; }
}
