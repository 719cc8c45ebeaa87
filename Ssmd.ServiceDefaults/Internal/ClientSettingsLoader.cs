using Microsoft.Extensions.Configuration;

namespace Ssmd.ServiceDefaults.Internal;

/// <summary>
/// Reads a client's settings the way Aspire's client integrations do: bind the section
/// (<c>Aspire:NATS:Net</c>, <c>Ssmd:Archive</c>…), then its <c>&lt;name&gt;</c> subsection, then let
/// <c>ConnectionStrings:&lt;name&gt;</c> win, then run the caller's <c>configureSettings</c>.
/// It also remembers where the connection string came from, so an error can say so.
/// </summary>
internal static class ClientSettingsLoader
{
    /// <returns>
    /// Where the connection string came from: exactly <c>ConnectionStrings:&lt;name&gt;</c>, or a phrase
    /// naming the settings key or code that supplied it (see <see cref="ConnectionStringException"/>).
    /// </returns>
    public static string Load<TSettings>(
        IConfiguration configuration, string sectionName, string connectionName, TSettings settings, Action<TSettings>? configureSettings)
        where TSettings : class, IConnectionStringSettings
    {
        var key = ConnectionStringException.KeyFor(connectionName);
        var section = configuration.GetSection(sectionName);
        var namedSection = section.GetSection(connectionName);
        section.Bind(settings);
        namedSection.Bind(settings);

        var source = namedSection[nameof(IConnectionStringSettings.ConnectionString)] is not null
            ? $"taken from {sectionName}:{connectionName}:ConnectionString because {key} is not set"
            : $"taken from {sectionName}:ConnectionString because {key} is not set";

        if (configuration.GetConnectionString(connectionName) is { } fromConnectionStrings)
        {
            settings.ConnectionString = fromConnectionStrings;
            source = key;
        }

        var before = settings.ConnectionString;
        configureSettings?.Invoke(settings);
        if (!string.Equals(before, settings.ConnectionString, StringComparison.Ordinal))
        {
            source = $"as set by configureSettings in code, which overrides {key}";
        }

        return source;
    }
}
