using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Ssmd.ServiceDefaults.Internal;

/// <summary>
/// Checks an Npgsql connection string with Npgsql's own parser, reading it from the same keys in the
/// same order as Aspire.Npgsql (<c>Aspire:Npgsql</c>, <c>Aspire:Npgsql:&lt;name&gt;</c>, then
/// <c>ConnectionStrings:&lt;name&gt;</c>). Npgsql's exceptions are not passed on: they may quote values.
/// </summary>
internal static class SecmasterConnectionString
{
    public const string SettingsSection = "Aspire:Npgsql";
    public const string Format = "Host=host;Port=5432;Database=name;Username=user[;Password=password] (Npgsql keywords, separated by ';')";
    private const string Technology = "PostgreSQL";

    public static void Validate(IConfiguration configuration, string connectionName)
    {
        var example = $"Host=127.0.0.1;Port=5432;Database={connectionName};Username=ssmd";
        var settings = new Holder();
        var source = ClientSettingsLoader.Load(configuration, SettingsSection, connectionName, settings, configureSettings: null);
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw ConnectionStringException.Missing(connectionName, Technology, Format, example, $"{SettingsSection}:{connectionName}:ConnectionString");
        }

        if (!TryCheck(settings.ConnectionString, out var problem))
        {
            throw ConnectionStringException.Malformed(connectionName, source, Technology, problem, Format, example);
        }
    }

    private static bool TryCheck(string connectionString, out string problem)
    {
        var generic = new DbConnectionStringBuilder();
        try
        {
            generic.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            problem = "it is not a list of Key=Value pairs separated by ';' (a value containing ';' must be quoted)";
            return false;
        }

        var npgsql = new NpgsqlConnectionStringBuilder();
        foreach (string key in generic.Keys)
        {
            if (!npgsql.ContainsKey(key))
            {
                // The key is not echoed: with an unquoted ';' in a password, part of it becomes a "key".
                problem = "it has a key Npgsql does not know (Npgsql keys include Host, Port, Database, Username, Password, SSL Mode)";
                return false;
            }

            try
            {
                npgsql[key] = generic[key];
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                problem = $"the value of '{key}' is not valid";
                return false;
            }
        }

        if (string.IsNullOrWhiteSpace(npgsql.Host))
        {
            problem = "it has no Host";
            return false;
        }

        if (string.IsNullOrWhiteSpace(npgsql.Database))
        {
            problem = "it has no Database (is it the server's connection string rather than the database's?)";
            return false;
        }

        problem = "";
        return true;
    }

    private sealed class Holder : IConnectionStringSettings
    {
        public string? ConnectionString { get; set; }
    }
}
