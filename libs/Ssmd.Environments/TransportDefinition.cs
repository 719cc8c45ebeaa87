namespace Ssmd.Environments;

/// <summary>How messages travel between the services (<c>transport</c>).</summary>
public sealed record TransportDefinition
{
    /// <summary>The NATS JetStream streams.</summary>
    public required NatsDefinition Nats { get; init; }
}
