namespace Ssmd.Kalshi;

/// <summary>Which bid ladder: bids to buy YES, or bids to buy NO.</summary>
public enum KalshiSide
{
    Yes,
    No,
}
