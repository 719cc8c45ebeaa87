namespace Ssmd.Secmaster.Internal;

/// <summary>One Kalshi event (<c>EventData</c>) as stored.</summary>
internal sealed record EventRow(string EventTicker, string? SeriesTicker, string? Title, string? SubTitle, bool? MutuallyExclusive, DateTime? StrikeDate, string RawJson);
