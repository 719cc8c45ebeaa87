namespace Ssmd.KalshiSim.Model;

/// <summary>The public channels the simulator serves.</summary>
internal enum SimChannel
{
    OrderbookDelta,
    Ticker,
    Trade,
    MarketLifecycle,
}
