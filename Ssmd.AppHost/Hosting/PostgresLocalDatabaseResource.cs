namespace Ssmd.AppHost.Hosting;

/// <summary>A database inside <see cref="PostgresExecutableResource"/>; its state follows the server's.</summary>
public sealed class PostgresLocalDatabaseResource(string name, string databaseName, PostgresExecutableResource parent)
    : Resource(name), IResourceWithParent<PostgresExecutableResource>, IResourceWithConnectionString
{
    public PostgresExecutableResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
