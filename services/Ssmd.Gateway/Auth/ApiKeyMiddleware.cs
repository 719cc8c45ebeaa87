using Ssmd.Gateway.Internal;

namespace Ssmd.Gateway.Auth;

/// <summary>
/// Refuses every <c>/v1/</c> request without a valid API key (header <c>X-API-Key</c> or query
/// <c>api_key</c>) with 401 and a problem document, before a WebSocket is accepted. <c>/v1/health</c>
/// and the OpenAPI document stay open.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyAuthenticator keys, ILogger<ApiKeyMiddleware> logger)
{
    /// <summary>Where the holder's name is kept for the request.</summary>
    public const string KeyNameItem = "ssmd.apiKeyName";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/v1") || path.StartsWithSegments("/v1/health"))
        {
            await next(context);
            return;
        }

        string? key = context.Request.Headers[ApiKeyAuthenticator.HeaderName];
        if (string.IsNullOrEmpty(key))
            key = context.Request.Query[ApiKeyAuthenticator.QueryName];
        if (keys.TryAuthenticate(key, out var name))
        {
            context.Items[KeyNameItem] = name;
            await next(context);
            return;
        }

        var reason = string.IsNullOrEmpty(key) ? "missing API key" : "invalid API key";
        GatewayLog.Refused(logger, path.Value ?? "", reason);
        await Results.Problem(
            title: "Unauthorized",
            detail: $"A valid API key is required ({reason}): send it in the {ApiKeyAuthenticator.HeaderName} header or the {ApiKeyAuthenticator.QueryName} query parameter.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
    }
}
