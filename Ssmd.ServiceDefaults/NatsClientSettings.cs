using Ssmd.ServiceDefaults.Internal;

namespace Ssmd.ServiceDefaults;

/// <summary>
/// Settings of <c>AddNatsClient</c>, read from <c>Aspire:NATS:Net</c> and <c>Aspire:NATS:Net:&lt;name&gt;</c>
/// (the keys of Aspire.NATS.Net), with <c>ConnectionStrings:&lt;name&gt;</c> taking precedence.
/// </summary>
public sealed class NatsClientSettings : IConnectionStringSettings
{
    /// <summary>
    /// NATS server URL(s): <c>nats://[user:password@]host:port</c>, several separated by commas.
    /// Credentials in the URL are what NATS.Net authenticates with.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leaves out the <c>NATS</c> health check. Default false.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Leaves out NATS.Net's <c>NATS.Net</c> activity source. Default false.</summary>
    public bool DisableTracing { get; set; }
}
