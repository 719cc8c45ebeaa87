namespace Ssmd.AppHost.Hosting;

/// <summary>Temporal for the published manifest.</summary>
public sealed class TemporalContainerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    internal const string GrpcEndpointName = "grpc";

    public EndpointReference GrpcEndpoint => field ??= new(this, GrpcEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint={GrpcEndpoint.Property(EndpointProperty.HostAndPort)};Namespace=default");
}
