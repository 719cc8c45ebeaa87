using System.Globalization;

namespace Ssmd.ServiceDefaults.Internal;

/// <summary>Parses Temporal's connection string into <see cref="TemporalClientSettings"/>.</summary>
internal static class TemporalConnectionString
{
    public const string Format = "Endpoint=host:port[;Namespace=name], or just host:port (no scheme)";
    public const string Example = "Endpoint=127.0.0.1:7233;Namespace=default";
    public const string DefaultNamespace = "default";

    private static readonly string[] Keys = ["Endpoint", "Namespace"];

    public static bool TryParse(string text, TemporalClientSettings settings, out string problem)
    {
        text = text.Trim();
        string? endpoint = text;
        string? ns = null;
        if (text.Contains('=', StringComparison.Ordinal))
        {
            if (!KeyValueConnectionString.TryParse(text, Keys, out var values, out problem))
            {
                return false;
            }

            endpoint = values["Endpoint"];
            ns = values["Namespace"];
            if (endpoint is null)
            {
                problem = "Endpoint is missing or empty";
                return false;
            }
        }

        if (!IsHostAndPort(endpoint, out problem))
        {
            return false;
        }

        settings.TargetHost = endpoint;
        settings.Namespace = ns ?? DefaultNamespace;
        return true;
    }

    private static bool IsHostAndPort(string endpoint, out string problem)
    {
        if (endpoint.Contains("://", StringComparison.Ordinal))
        {
            problem = "the endpoint has a scheme; Temporal wants host:port only";
            return false;
        }

        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            problem = "the endpoint is not host:port with a port from 1 to 65535";
            return false;
        }

        if (endpoint[..colon].Any(c => char.IsWhiteSpace(c) || c is '/' or '@' or ';'))
        {
            problem = "the endpoint's host is not a host name or IP address";
            return false;
        }

        problem = "";
        return true;
    }
}
