namespace Ssmd.AppHost.Hosting;

/// <summary>
/// <c>s3rver</c> (npm) as the local S3 endpoint in run mode. It accepts only its built-in key pair,
/// which is not a secret: the server listens on 127.0.0.1 and exists for development.
/// </summary>
public sealed class S3rverResource(string name, string command, string storageDirectory)
    : ExecutableResource(name, command, storageDirectory), IResourceWithConnectionString
{
    internal const string HttpEndpointName = "http";
    internal const string BuiltInKey = "S3RVER";

    public EndpointReference HttpEndpoint => field ??= new(this, HttpEndpointName);

    public string StorageDirectory { get; } = storageDirectory;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint=http://{HttpEndpoint.Property(EndpointProperty.IPV4Host)}:{HttpEndpoint.Property(EndpointProperty.Port)};AccessKey={BuiltInKey};SecretKey={BuiltInKey}");
}
