namespace Ssmd.AppHost.Hosting;

/// <summary>MinIO, the homelab's S3, for the published manifest. Its keys are secret parameters.</summary>
public sealed class MinioContainerResource(string name, ParameterResource accessKey, ParameterResource secretKey)
    : ContainerResource(name), IResourceWithConnectionString
{
    internal const string ApiEndpointName = "http";

    public EndpointReference ApiEndpoint => field ??= new(this, ApiEndpointName);

    public ParameterResource AccessKey { get; } = accessKey;

    public ParameterResource SecretKey { get; } = secretKey;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint=http://{ApiEndpoint.Property(EndpointProperty.HostAndPort)};AccessKey={AccessKey};SecretKey={SecretKey}");
}
