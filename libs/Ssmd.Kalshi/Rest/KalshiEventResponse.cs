namespace Ssmd.Kalshi.Rest;

/// <summary><c>GET /events/{ticker}</c>.</summary>
public sealed record KalshiEventResponse(KalshiEvent Event, IReadOnlyList<KalshiMarket> Markets);
