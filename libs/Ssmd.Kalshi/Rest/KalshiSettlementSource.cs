namespace Ssmd.Kalshi.Rest;

/// <summary>A <c>settlement_sources</c> entry.</summary>
public sealed record KalshiSettlementSource(string Name, string Url);
