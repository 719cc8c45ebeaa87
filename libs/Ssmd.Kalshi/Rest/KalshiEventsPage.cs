namespace Ssmd.Kalshi.Rest;

/// <summary><c>GET /events</c>.</summary>
public sealed record KalshiEventsPage(IReadOnlyList<KalshiEvent> Events, string Cursor);
