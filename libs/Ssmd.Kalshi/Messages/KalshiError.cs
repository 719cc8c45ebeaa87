namespace Ssmd.Kalshi.Messages;

/// <summary><c>error</c>: <see cref="Code"/> per <see cref="KalshiErrorCodes"/>; unknown codes are kept as they are.</summary>
public sealed record KalshiError(int Code, string Message, string? MarketTicker = null);
