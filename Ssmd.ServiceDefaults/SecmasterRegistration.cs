using Npgsql;
using Ssmd.ServiceDefaults;
using Ssmd.ServiceDefaults.Internal;

namespace Microsoft.Extensions.Hosting;

/// <summary>The security master's PostgreSQL registration: Aspire.Npgsql, with the connection string checked first.</summary>
public static class SecmasterRegistration
{
    /// <summary>
    /// Checks the connection string, then calls Aspire.Npgsql's
    /// <c>AddNpgsqlDataSource(connectionName)</c>: a singleton <see cref="NpgsqlDataSource"/>, health check
    /// <c>PostgreSql</c>, Npgsql tracing and metrics, settings under <c>Aspire:Npgsql[:&lt;name&gt;]</c>.
    /// Aspire.Npgsql alone would only fail when the data source is first used, deep inside Npgsql.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="connectionName">Name of the connection string, <c>ConnectionStrings:&lt;connectionName&gt;</c>.</param>
    /// <param name="configureDataSourceBuilder">Adjusts the data source (type mappings, plugins…).</param>
    /// <exception cref="ConnectionStringException">
    /// The connection string is missing, cannot be parsed by Npgsql, or lacks Host or Database.
    /// </exception>
    public static void AddSecmasterDataSource(
        this IHostApplicationBuilder builder,
        string connectionName = "secmaster",
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        SecmasterConnectionString.Validate(builder.Configuration, connectionName);
        builder.AddNpgsqlDataSource(connectionName, configureDataSourceBuilder: configureDataSourceBuilder);
    }
}
