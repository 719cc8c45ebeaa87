namespace Ssmd.KalshiSim;

/// <summary>
/// Handshake signing (<c>KalshiSim:Auth</c>). A signed handshake is always verified, and refused when
/// its key is unknown, its signature bad or its timestamp stale. An unsigned handshake is accepted only
/// with <see cref="AllowUnsigned"/> (the service's appsettings.json sets it, so the default development
/// setup works without credentials); Kalshi itself requires a signature.
/// </summary>
public sealed class KalshiSimAuthOptions
{
    public bool AllowUnsigned { get; set; }

    /// <summary>How far <c>KALSHI-ACCESS-TIMESTAMP</c> may be from now (Kalshi does not publish its value).</summary>
    public int MaxSkewSeconds { get; set; } = 30;

    /// <summary>Accepted API keys.</summary>
    public List<KalshiSimApiKey> Keys { get; set; } = [];
}
