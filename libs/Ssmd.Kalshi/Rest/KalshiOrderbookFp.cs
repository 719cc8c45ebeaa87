namespace Ssmd.Kalshi.Rest;

/// <summary><c>orderbook_fp</c>: both ladders as <c>[[P, C], …]</c>, ascending, best bid last, NO side in NO-leg prices.</summary>
public sealed record KalshiOrderbookFp(IReadOnlyList<IReadOnlyList<string>> YesDollars, IReadOnlyList<IReadOnlyList<string>> NoDollars);
