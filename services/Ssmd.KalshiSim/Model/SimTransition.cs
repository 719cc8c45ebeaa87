namespace Ssmd.KalshiSim.Model;

/// <summary>A scheduled lifecycle step of a market.</summary>
internal enum SimTransition
{
    Open,
    Resume,
    Close,
    Determine,
    Settle,
}
