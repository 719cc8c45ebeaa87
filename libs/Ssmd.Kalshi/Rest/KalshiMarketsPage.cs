namespace Ssmd.Kalshi.Rest;

/// <summary><c>GET /markets</c>: a page and the cursor of the next one (<c>""</c> at the end).</summary>
public sealed record KalshiMarketsPage(IReadOnlyList<KalshiMarket> Markets, string Cursor);
