using System.Security.Cryptography;
using System.Text;

namespace Ssmd.Kalshi.Auth;

/// <summary>
/// Verifies Kalshi request signatures against registered public keys. PSS signatures are randomized,
/// so they are verified, never compared.
/// </summary>
public sealed class KalshiSignatureVerifier : IDisposable
{
    private readonly Dictionary<string, RSA> keys = new(StringComparer.Ordinal);

    /// <param name="publicKeys">Key id → public key PEM (SPKI <c>PUBLIC KEY</c> or PKCS#1 <c>RSA PUBLIC KEY</c>).</param>
    /// <param name="maxSkew">How far the signed timestamp may be from now.</param>
    public KalshiSignatureVerifier(IEnumerable<KeyValuePair<string, string>> publicKeys, TimeSpan maxSkew)
    {
        MaxSkew = maxSkew;
        foreach (var (id, pem) in publicKeys)
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            keys[id] = rsa;
        }
    }

    public TimeSpan MaxSkew { get; }

    public int KeyCount => keys.Count;

    public KalshiSignatureCheck Verify(string? keyId, string? timestamp, string? signature, string method, string path, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return KalshiSignatureCheck.MissingHeaders;
        }

        if (!keys.TryGetValue(keyId, out var rsa))
        {
            return KalshiSignatureCheck.UnknownKey;
        }

        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms))
        {
            return KalshiSignatureCheck.BadTimestamp;
        }

        if (Math.Abs(now.ToUnixTimeMilliseconds() - ms) > MaxSkew.TotalMilliseconds)
        {
            return KalshiSignatureCheck.StaleTimestamp;
        }

        var bytes = new byte[(signature.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(signature, bytes, out var length))
        {
            return KalshiSignatureCheck.BadSignature;
        }

        var message = Encoding.UTF8.GetBytes(timestamp + method.ToUpperInvariant() + path);
        return rsa.VerifyData(message, bytes.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pss)
            ? KalshiSignatureCheck.Valid
            : KalshiSignatureCheck.BadSignature;
    }

    public void Dispose()
    {
        foreach (var rsa in keys.Values)
        {
            rsa.Dispose();
        }
    }
}
