namespace Ssmd.Environments;

/// <summary>The JetStream streams (<c>transport.nats</c>). Raw and normalized are separate streams with their own limits.</summary>
public sealed record NatsDefinition
{
    /// <summary>The stream of exchange frames, byte for byte (<c>kalshi.raw.&gt;</c>).</summary>
    public required NatsStreamDefinition RawStream { get; init; }

    /// <summary>The stream of normalized Cap'n Proto messages.</summary>
    public required NatsStreamDefinition NormalizedStream { get; init; }
}
