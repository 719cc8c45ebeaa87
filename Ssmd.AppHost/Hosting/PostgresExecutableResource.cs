namespace Ssmd.AppHost.Hosting;

/// <summary>
/// A PostgreSQL cluster of ssmd's own, run from the Debian binaries (run mode). Local and trusted on
/// 127.0.0.1 only, so the connection string carries no password.
/// </summary>
public sealed class PostgresExecutableResource(string name, string dataDirectory)
    : ExecutableResource(name, "/bin/sh", dataDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";
    internal const string UserName = "ssmd";

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public string DataDirectory { get; } = dataDirectory;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.IPV4Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName}");

    internal Dictionary<string, string> Databases { get; } = new(StringComparer.Ordinal);
}
