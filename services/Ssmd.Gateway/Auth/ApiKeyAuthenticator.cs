using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ssmd.Gateway.Auth;

/// <summary>
/// Checks API keys against the configured SHA-256 hashes. The key is hashed and compared in constant time
/// against every configured hash, so neither a stored key nor timing tells anything about a valid one.
/// </summary>
internal sealed class ApiKeyAuthenticator
{
    /// <summary>The header a key may come in.</summary>
    public const string HeaderName = "X-API-Key";

    /// <summary>The query parameter a key may come in (for WebSocket clients that cannot set headers).</summary>
    public const string QueryName = "api_key";

    private readonly (byte[] Hash, string Name)[] _keys;

    public ApiKeyAuthenticator(IOptions<GatewayOptions> options) =>
        _keys = [.. options.Value.ApiKeys.Select(k => (Convert.FromHexString(k.Sha256), k.Name))];

    public int Count => _keys.Length;

    /// <summary>The holder's name when <paramref name="key"/> is one of the configured keys.</summary>
    public bool TryAuthenticate(string? key, out string name)
    {
        name = "";
        if (string.IsNullOrEmpty(key) || key.Length > 512)
            return false;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(key);
        SHA256.HashData(bytes, hash);
        var found = false;
        foreach (var (expected, holder) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(expected, hash) && !found)
            {
                found = true;
                name = holder;
            }
        }

        return found;
    }
}
