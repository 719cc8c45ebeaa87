namespace Ssmd.Streams;

/// <summary>The kinds of normalized event, each on its own subject and with its own Cap'n Proto root.</summary>
public enum NormalizedKind
{
    /// <summary><c>{feed}.trade.{ticker}</c>, root <c>Trade</c>.</summary>
    Trade,

    /// <summary><c>{feed}.orderbook.{ticker}</c>, root <c>OrderBookUpdate</c> (a snapshot or a delta).</summary>
    Orderbook,

    /// <summary><c>{feed}.ticker.{ticker}</c>, root <c>Ticker</c>.</summary>
    Ticker,

    /// <summary><c>{feed}.status.{ticker}</c>, root <c>MarketStatus</c>.</summary>
    Status,
}
