namespace Ssmd.AppHost.Hosting;

/// <summary>
/// <c>nats-server</c> with JetStream as a local process (run mode). Gives the same
/// <c>ConnectionStrings__nats</c> as Aspire's NATS integration: <c>nats://host:port</c>.
/// </summary>
public sealed class NatsExecutableResource(string name, string command, string storeDirectory)
    : ExecutableResource(name, command, storeDirectory), IResourceWithConnectionString
{
    internal const string ClientEndpointName = "tcp";
    internal const string MonitorEndpointName = "monitor";

    public EndpointReference ClientEndpoint => field ??= new(this, ClientEndpointName);

    public EndpointReference MonitorEndpoint => field ??= new(this, MonitorEndpointName);

    public string StoreDirectory { get; } = storeDirectory;

    // nats-server binds 127.0.0.1 only, so the IPv4 address rather than "localhost".
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"nats://{ClientEndpoint.Property(EndpointProperty.IPV4Host)}:{ClientEndpoint.Property(EndpointProperty.Port)}");
}
