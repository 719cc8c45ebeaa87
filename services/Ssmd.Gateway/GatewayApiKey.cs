namespace Ssmd.Gateway;

/// <summary>One API key the gateway accepts, known by its hash.</summary>
public sealed class GatewayApiKey
{
    /// <summary>Who holds the key (shown in logs and metrics; never the key).</summary>
    public string Name { get; set; } = "";

    /// <summary>SHA-256 of the key's UTF-8 bytes, 64 hex digits (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    public string Sha256 { get; set; } = "";
}
