namespace Ssmd.Kalshi;

/// <summary>One aggregated price level of a bid ladder.</summary>
public readonly record struct KalshiLevel(KalshiPrice Price, KalshiSize Size);
