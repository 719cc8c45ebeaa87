using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ssmd.AppHost.Hosting;

/// <summary>
/// The PostgreSQL server and the <c>secmaster</c> database. Run mode: the Debian binaries as a local
/// process with its own data folder. Publish mode: Aspire.Hosting.PostgreSQL's container resource.
/// Dependants get <c>ConnectionStrings__secmaster</c> in Npgsql format either way.
/// </summary>
internal static class PostgresHostingExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddSsmdPostgres(
        this IDistributedApplicationBuilder builder, string serverName, string databaseName, SsmdDataDirectory data)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddPostgres(serverName)
                .WithDataVolume($"{serverName}-data")
                .AddDatabase(databaseName);
        }

        var server = new PostgresExecutableResource(serverName, data.For("postgres"));
        var socketDirectory = data.For("postgres-sockets");
        var pgBin = LocalTools.PostgresBin(builder.Configuration);

        string? serverConnectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, ct) =>
            serverConnectionString = await server.ConnectionStringExpression.GetValueAsync(ct).ConfigureAwait(false));

        var serverCheck = $"{serverName}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => $"{serverConnectionString ?? throw new InvalidOperationException("The PostgreSQL connection string is not available yet.")};Database=postgres",
            name: serverCheck);

        var serverBuilder = builder.AddResource(server)
            .WithEndpoint(name: PostgresExecutableResource.PrimaryEndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("-c");
                context.Args.Add(PostgresRunScript.Text);
                context.Args.Add("ssmd-postgres");
                context.Args.Add(server.DataDirectory);
                context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add(socketDirectory);
                context.Args.Add(pgBin);
                context.Args.Add(PostgresExecutableResource.UserName);
            })
            .WithIconName("DatabaseMultiple")
            .WithHealthCheck(serverCheck);

        server.Databases[databaseName] = databaseName;
        var database = new PostgresLocalDatabaseResource(databaseName, databaseName, server);

        // Create the database once the server answers, then mark it running: Aspire passes a parent's
        // state on to child resources only for containers, so an executable's child needs this.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (e, ct) =>
        {
            await CreateDatabasesAsync($"{serverConnectionString};Database=postgres", server.Databases.Values, ct).ConfigureAwait(false);
            await e.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database,
                s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow }).ConfigureAwait(false);
        });
        builder.Eventing.Subscribe<ResourceStoppedEvent>(server, (e, _) =>
            e.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database,
                s => s with { State = KnownResourceStates.Finished, StopTimeStamp = DateTime.UtcNow }));

        string? databaseConnectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(database, async (_, ct) =>
            databaseConnectionString = await database.ConnectionStringExpression.GetValueAsync(ct).ConfigureAwait(false));
        var databaseCheck = $"{databaseName}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => databaseConnectionString ?? throw new InvalidOperationException($"The {databaseName} connection string is not available yet."),
            name: databaseCheck);

        return serverBuilder.ApplicationBuilder.AddResource(database).WithHealthCheck(databaseCheck);
    }

    private static async Task CreateDatabasesAsync(string connectionString, IEnumerable<string> databases, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        foreach (var database in databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.Add(new NpgsqlParameter { Value = database });
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
    }
}
