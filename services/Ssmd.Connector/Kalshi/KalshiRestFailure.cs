using System.Text.Json;

namespace Ssmd.Connector.Kalshi;

/// <summary>What a call to Kalshi REST throws when the exchange is away, slow or answers garbage.</summary>
internal static class KalshiRestFailure
{
    /// <summary>
    /// True for a failure worth trying again later, never a reason to stop: a connection or HTTP status error,
    /// a body that is not the JSON expected, <see cref="HttpClient.Timeout"/>, and the rejections of the
    /// service defaults' resilience handler (its total timeout, an open circuit breaker), which derive from
    /// none of those. Each caller still tells a timeout from its own stopping token.
    /// </summary>
    public static bool IsTransient(Exception exception) =>
        exception is HttpRequestException or TaskCanceledException or TimeoutException or JsonException or Polly.ExecutionRejectedException;
}
