namespace Ssmd.Kalshi.Messages;

/// <summary>
/// <c>orderbook_snapshot</c>: replaces the whole book of one market. Levels as sent (ascending), NO
/// side in NO-leg prices unless the subscription used <c>use_yes_price</c>. <see cref="Legacy"/> marks
/// the pre-2026-03 integer-cent shape.
/// </summary>
public sealed record KalshiOrderbookSnapshot(string MarketTicker, string? MarketId, IReadOnlyList<KalshiLevel> Yes, IReadOnlyList<KalshiLevel> No, bool Legacy = false);
