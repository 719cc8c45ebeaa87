namespace Ssmd.Secmaster.Internal;

/// <summary>Kalshi's REST API answered a request with a status that retries could not fix.</summary>
internal sealed class KalshiRestException(string request, int status)
    : Exception($"GET {request} answered HTTP {status}")
{
    public int Status { get; } = status;
}
