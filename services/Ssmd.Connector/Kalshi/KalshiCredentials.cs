using Microsoft.Extensions.Options;
using Ssmd.Environments;
using Ssmd.Kalshi.Auth;

namespace Ssmd.Connector.Kalshi;

/// <summary>
/// The handshake signer, when a key is configured: <c>Connector:ApiKeyId</c> + <c>PrivateKeyPath</c> or
/// <c>PrivateKeyPem</c>, else the environment's <c>secrets</c> (<c>kalshiApiKeyId</c>, <c>kalshiPrivateKey</c>).
/// The key stays inside <see cref="KalshiRequestSigner"/>; only the key id is ever shown.
/// </summary>
internal sealed class KalshiCredentials : IDisposable
{
    public KalshiCredentials(IOptions<ConnectorOptions> options, SsmdEnvironment environment)
    {
        var o = options.Value;
        if (!string.IsNullOrEmpty(o.ApiKeyId))
        {
            var pem = !string.IsNullOrEmpty(o.PrivateKeyPem) ? o.PrivateKeyPem : File.ReadAllText(o.PrivateKeyPath!);
            Signer = new KalshiRequestSigner(o.ApiKeyId, pem);
            return;
        }

        // The real exchange refuses unsigned connections; the environment file says where the key is.
        if (environment.Feed.Source == FeedSource.Kalshi)
        {
            var keyId = Resolve(environment, "kalshiApiKeyId").Trim();
            var pem = Resolve(environment, "kalshiPrivateKey");
            Signer = new KalshiRequestSigner(keyId, pem);
        }
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

    // Messages name the reference (safe to log), never the value.
    private static string Resolve(SsmdEnvironment environment, string name)
    {
        if (!environment.Secrets.TryGetValue(name, out var reference))
            throw new InvalidOperationException($"Environment '{environment.Name}' connects to Kalshi but names no secret '{name}' ({environment.SourcePath}).");
        var value = reference switch
        {
            EnvironmentSecretReference env => Environment.GetEnvironmentVariable(env.Variable),
            FileSecretReference file => File.Exists(file.Path) ? File.ReadAllText(file.Path) : null,
            KubernetesSecretReference k8s => throw new InvalidOperationException(
                $"Secret '{name}' is {k8s}: Kubernetes resolves it; outside Kubernetes reference it as {{ env: ... }} or {{ file: ... }}, or set {ConnectorOptions.Section}:ApiKeyId and PrivateKeyPath."),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException($"Secret '{name}' ({reference}) is empty or missing; environment '{environment.Name}' needs it to sign the Kalshi handshake.")
            : value;
    }
}
