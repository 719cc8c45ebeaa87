namespace Ssmd.ServiceDefaults.Internal;

/// <summary>
/// Checks a NATS connection string before NATS.Net sees it (NATS.Net's own error for a bad scheme
/// quotes the whole URL, password included). Same rules as NATS.Net's <c>NatsUri</c>: a comma-separated
/// list of URLs, <c>nats://</c> assumed when no scheme is given, schemes nats/tls/ws/wss.
/// </summary>
internal static class NatsServerList
{
    public const string Format = "nats://[user:password@]host:port (several servers separated by commas; tls://, ws:// and wss:// also work)";
    public const string Example = "nats://127.0.0.1:4222";

    private static readonly string[] Schemes = ["nats", "tls", "ws", "wss"];

    public static bool TryParse(string text, out IReadOnlyList<Uri> servers, out string problem)
    {
        var parsed = new List<Uri>();
        servers = parsed;
        var entries = text.Split(',', StringSplitOptions.TrimEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var server = entries.Length == 1 ? "the URL" : $"server {i + 1} of {entries.Length}";
            var entry = entries[i];
            if (entry.Length == 0)
            {
                problem = $"{server} is empty";
                return false;
            }

            if (!entry.Contains("://", StringComparison.Ordinal))
            {
                entry = "nats://" + entry;
            }

            if (!Uri.TryCreate(entry, UriKind.Absolute, out var uri))
            {
                problem = $"{server} is not a URL";
                return false;
            }

            if (!Schemes.Contains(uri.Scheme))
            {
                // A scheme is a short protocol name, never a secret.
                problem = $"{server} has the scheme '{uri.Scheme}://'; NATS accepts nats://, tls://, ws:// or wss://";
                return false;
            }

            if (uri.Host.Length == 0)
            {
                problem = $"{server} has no host";
                return false;
            }

            parsed.Add(uri);
        }

        problem = "";
        return true;
    }

    /// <summary>The servers for a log line: user names kept, passwords and tokens replaced by <c>***</c>.</summary>
    public static string Redact(IEnumerable<Uri> servers) => string.Join(",", servers.Select(Redact));

    private static string Redact(Uri server)
    {
        var builder = new UriBuilder(server);
        if (builder.Password.Length > 0)
        {
            builder.Password = "***";
        }
        else if (builder.UserName.Length > 0)
        {
            builder.UserName = "***"; // a lone user-info part is a token
        }

        return builder.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.UserInfo, UriFormat.UriEscaped);
    }
}
