using System.Security.Cryptography;
using System.Text;

namespace Ssmd.Kalshi.Auth;

/// <summary>
/// Signs requests as Kalshi expects: RSASSA-PSS, SHA-256, MGF1-SHA-256, salt = 32 bytes, over
/// <c>timestamp_ms + METHOD + path</c> (path without query), base64 with padding.
/// </summary>
public sealed class KalshiRequestSigner : IDisposable
{
    private readonly RSA key;

    /// <param name="keyId">The API key id sent as <c>KALSHI-ACCESS-KEY</c>.</param>
    /// <param name="privateKeyPem">PKCS#1 or PKCS#8 PEM.</param>
    public KalshiRequestSigner(string keyId, string privateKeyPem)
    {
        KeyId = keyId;
        key = RSA.Create();
        key.ImportFromPem(privateKeyPem);
    }

    public string KeyId { get; }

    public KalshiAuthHeaders Sign(string method, string path, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var message = timestamp + method.ToUpperInvariant() + (query >= 0 ? path[..query] : path);
        var signature = key.SignData(Encoding.UTF8.GetBytes(message), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        return new KalshiAuthHeaders(KeyId, timestamp, Convert.ToBase64String(signature));
    }

    public void Dispose() => key.Dispose();
}
