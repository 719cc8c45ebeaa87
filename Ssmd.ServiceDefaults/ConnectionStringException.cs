namespace Ssmd.ServiceDefaults;

/// <summary>
/// A connection string that a client registration (<c>AddNatsClient</c>, <c>AddSecmasterDataSource</c>,
/// <c>AddArchiveStore</c>, <c>AddTemporalClient</c>) needs is missing or malformed. Thrown during the
/// <c>Add…</c> call, before any client exists, so it is the first thing a user sees. The message names
/// the configuration key, the expected format and an example; it never repeats a password or secret key.
/// </summary>
public sealed class ConnectionStringException : InvalidOperationException
{
    private ConnectionStringException(string connectionName, string configurationKey, string message)
        : base(message)
    {
        ConnectionName = connectionName;
        ConfigurationKey = configurationKey;
    }

    /// <summary>The connection name given to the registration, e.g. <c>nats</c>.</summary>
    public string ConnectionName { get; }

    /// <summary>The configuration key the value is read from first, e.g. <c>ConnectionStrings:nats</c>.</summary>
    public string ConfigurationKey { get; }

    internal static string KeyFor(string connectionName) => $"ConnectionStrings:{connectionName}";

    internal static ConnectionStringException Missing(string connectionName, string technology, string format, string example, string settingsKey) =>
        new(connectionName, KeyFor(connectionName),
            $"No {technology} connection string: set {KeyFor(connectionName)} (environment variable ConnectionStrings__{connectionName}) " +
            $"or {settingsKey}. Expected format: {format}. Example: {example}");

    /// <param name="connectionName">The connection name.</param>
    /// <param name="source">Where the value came from: the key <c>ConnectionStrings:&lt;name&gt;</c>, or a phrase naming the settings key or code that supplied it instead.</param>
    /// <param name="technology">NATS, PostgreSQL, archive store, Temporal.</param>
    /// <param name="problem">What is wrong, without any value from the connection string.</param>
    /// <param name="format">The expected format.</param>
    /// <param name="example">A working example without real secrets.</param>
    internal static ConnectionStringException Malformed(string connectionName, string source, string technology, string problem, string format, string example)
    {
        var key = KeyFor(connectionName);
        var where = source == key ? key : $"The {technology} connection string for '{connectionName}' ({source})";
        return new(connectionName, key,
            $"{where} is not a valid {technology} connection string: {problem}. Expected format: {format}. Example: {example}");
    }
}
