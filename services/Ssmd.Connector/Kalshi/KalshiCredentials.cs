using Microsoft.Extensions.Options;
using Ssmd.Kalshi.Auth;

namespace Ssmd.Connector.Kalshi;

/// <summary>
/// The handshake signer, when a key is configured (<c>Connector:ApiKeyId</c> + <c>PrivateKeyPath</c> or
/// <c>PrivateKeyPem</c>). The key stays inside <see cref="KalshiRequestSigner"/>; only the key id is ever shown.
/// </summary>
internal sealed class KalshiCredentials : IDisposable
{
    public KalshiCredentials(IOptions<ConnectorOptions> options)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(o.ApiKeyId))
            return;
        var pem = !string.IsNullOrEmpty(o.PrivateKeyPem) ? o.PrivateKeyPem : File.ReadAllText(o.PrivateKeyPath!);
        Signer = new KalshiRequestSigner(o.ApiKeyId, pem);
    }

    /// <summary>Null when no key is configured (the simulator accepts unsigned handshakes).</summary>
    public KalshiRequestSigner? Signer { get; }

    /// <summary>How the handshake is signed, for the start-up log.</summary>
    public string Description => Signer is null ? "unsigned (no key configured)" : $"signed with key id {Signer.KeyId}";

    /// <summary>Adds the three signature headers for <paramref name="path"/> (signed just before use).</summary>
    public void Apply(string method, string path, Action<string, string> setHeader, TimeProvider time)
    {
        if (Signer is null)
            return;
        var headers = Signer.Sign(method, path, time.GetUtcNow());
        setHeader(KalshiAuthHeaders.AccessKeyHeader, headers.AccessKey);
        setHeader(KalshiAuthHeaders.TimestampHeader, headers.Timestamp);
        setHeader(KalshiAuthHeaders.SignatureHeader, headers.Signature);
    }

    public void Dispose() => Signer?.Dispose();
}
