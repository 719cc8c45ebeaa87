using Ssmd.Environments;

namespace Ssmd.Connector;

/// <summary>Loads the environment definition named by <c>Ssmd:Environment</c> (default <c>sim</c>).</summary>
internal static class ConnectorEnvironment
{
    public static SsmdEnvironment Load(IConfiguration configuration, string contentRoot) =>
        SsmdEnvironmentLoader.LoadForService(configuration[SsmdEnvironmentLoader.EnvironmentKey], configuration[SsmdEnvironmentLoader.RootKey], contentRoot);

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
