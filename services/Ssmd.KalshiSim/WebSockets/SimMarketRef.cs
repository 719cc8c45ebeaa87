namespace Ssmd.KalshiSim.WebSockets;

/// <summary>A market on a subscription: its ticker as asked, and its index (-1 when the exchange has no such market).</summary>
internal readonly record struct SimMarketRef(string Ticker, int Index);
