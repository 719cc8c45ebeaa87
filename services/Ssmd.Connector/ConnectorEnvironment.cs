using Ssmd.Environments;

namespace Ssmd.Connector;

/// <summary>Loads the environment definition named by <c>Ssmd:Environment</c> (default <c>sim</c>).</summary>
internal static class ConnectorEnvironment
{
    public const string EnvironmentKey = "Ssmd:Environment";
    public const string RootKey = "Ssmd:EnvironmentsRoot";

    public static SsmdEnvironment Load(IConfiguration configuration, string contentRoot)
    {
        var name = configuration[EnvironmentKey] is { Length: > 0 } configured ? configured : "sim";
        var root = configuration[RootKey] is { Length: > 0 } explicitRoot ? explicitRoot : FindRoot(contentRoot) ?? FindRoot(AppContext.BaseDirectory) ?? contentRoot;
        return SsmdEnvironmentLoader.Load(SsmdEnvironmentLoader.ResolvePath(name, root));
    }

    // The repository root is the nearest folder above that holds environments/.
    private static string? FindRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "environments")))
                return folder.FullName;
        }

        return null;
    }

    /// <summary>
    /// Where to connect: <c>Connector:WebSocketUrl</c>, else the environment's <c>feed.websocketUrl</c>, else the
    /// simulator the AppHost started (<c>services:kalshisim:http:0</c>).
    /// </summary>
    public static Uri WebSocketUrl(ConnectorOptions options, SsmdEnvironment environment, IConfiguration configuration)
    {
        if ((options.WebSocketUrl ?? environment.Feed.WebSocketUrl) is { } configured)
            return configured;
        if (environment.Feed.Source == FeedSource.Simulator && configuration["services:kalshisim:http:0"] is { Length: > 0 } simulator)
        {
            var http = new Uri(simulator);
            return new UriBuilder(http) { Scheme = http.Scheme == "https" ? "wss" : "ws", Path = "/trade-api/ws/v2" }.Uri;
        }

        throw new InvalidOperationException(
            $"No Kalshi WebSocket URL: set {ConnectorOptions.Section}:WebSocketUrl or feed.websocketUrl in {environment.SourcePath}"
            + (environment.Feed.Source == FeedSource.Simulator ? ", or run under the AppHost (which provides services:kalshisim:http:0)" : ""));
    }

    /// <summary>REST base with a trailing slash: <c>Connector:RestUrl</c>, else <c>feed.restUrl</c>, else the simulator by service discovery.</summary>
    public static Uri RestUrl(ConnectorOptions options, SsmdEnvironment environment)
    {
        var url = options.RestUrl ?? environment.Feed.RestUrl ?? new Uri("http://kalshisim/trade-api/v2");
        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }
}
