namespace Ssmd.KalshiSim;

/// <summary>An accepted API key: its id and its RSA public key, as PEM text or a PEM file path (one of the two).</summary>
public sealed class KalshiSimApiKey
{
    public string KeyId { get; set; } = "";

    public string? PublicKeyPem { get; set; }

    public string? PublicKeyPath { get; set; }
}
