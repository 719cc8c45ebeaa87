using System.Net;

namespace Ssmd.Testing.Internal;

/// <summary>Readiness over HTTP: the server is ready once a GET answers 200.</summary>
internal static class HttpProbe
{
    // No proxy: a proxy taken from the environment would answer (or fail) in the server's place.
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    public static async Task<bool> IsOkAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Client.GetAsync(url, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // refused: not listening yet
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // this request timed out; the caller's overall deadline decides
        }
    }
}
