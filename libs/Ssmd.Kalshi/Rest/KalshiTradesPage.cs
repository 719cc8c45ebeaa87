namespace Ssmd.Kalshi.Rest;

/// <summary><c>GET /markets/trades</c>, newest first.</summary>
public sealed record KalshiTradesPage(IReadOnlyList<KalshiRestTrade> Trades, string Cursor);
