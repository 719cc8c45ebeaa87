namespace Ssmd.Secmaster.Internal;

/// <summary>One Kalshi series as stored: category and tags live here in today's Kalshi.</summary>
internal sealed record SeriesRow(string Ticker, string? Title, string? Category, string[]? Tags, string? Frequency, string RawJson);
