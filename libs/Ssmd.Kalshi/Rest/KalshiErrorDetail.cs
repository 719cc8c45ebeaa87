namespace Ssmd.Kalshi.Rest;

/// <summary>The inner object of a non-429 error body <c>{"error":{"code","message","details"}}</c>.</summary>
public sealed record KalshiErrorDetail(string Code, string Message, string? Details = null);
