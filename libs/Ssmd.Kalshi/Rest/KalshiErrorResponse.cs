namespace Ssmd.Kalshi.Rest;

/// <summary>A non-429 error body.</summary>
public sealed record KalshiErrorResponse(KalshiErrorDetail Error);
