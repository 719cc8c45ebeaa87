namespace Ssmd.Kalshi.Auth;

/// <summary>Outcome of checking a signed request.</summary>
public enum KalshiSignatureCheck
{
    Valid,
    MissingHeaders,
    UnknownKey,
    BadTimestamp,
    StaleTimestamp,
    BadSignature,
}
