namespace Ssmd.AppHost.Hosting;

/// <summary>The official NATS image with JetStream, for the published manifest.</summary>
public sealed class NatsContainerResource(string name, ParameterResource password)
    : ContainerResource(name), IResourceWithConnectionString
{
    internal const string ClientEndpointName = "tcp";
    internal const string UserName = "ssmd";

    public EndpointReference ClientEndpoint => field ??= new(this, ClientEndpointName);

    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"nats://{UserName}:{Password:uri}@{ClientEndpoint.Property(EndpointProperty.HostAndPort)}");
}
