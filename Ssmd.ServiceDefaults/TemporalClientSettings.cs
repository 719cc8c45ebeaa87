using Ssmd.ServiceDefaults.Internal;

namespace Ssmd.ServiceDefaults;

/// <summary>
/// Settings of <c>AddTemporalClient</c>, read from <c>Ssmd:Temporal</c> and <c>Ssmd:Temporal:&lt;name&gt;</c>
/// with <c>ConnectionStrings:&lt;name&gt;</c> taking precedence. <see cref="TargetHost"/> and
/// <see cref="Namespace"/> are parsed from the connection string by <c>AddTemporalClient</c>, and the
/// settings are registered as a singleton.
/// </summary>
/// <remarks>
/// There is no DisableTracing: Temporal's OpenTelemetry interceptor package is not available here,
/// so the client emits no traces.
/// </remarks>
public sealed class TemporalClientSettings : IConnectionStringSettings
{
    /// <summary><c>Endpoint=host:7233[;Namespace=default]</c>, or a bare <c>host:7233</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leaves out the <c>Temporal</c> health check. Default false.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>The frontend address, <c>host:port</c> (no scheme).</summary>
    public string? TargetHost { get; internal set; }

    /// <summary>The Temporal namespace; <c>default</c> unless the connection string names one.</summary>
    public string Namespace { get; internal set; } = TemporalConnectionString.DefaultNamespace;
}
