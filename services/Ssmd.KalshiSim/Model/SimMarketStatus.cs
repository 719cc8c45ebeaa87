namespace Ssmd.KalshiSim.Model;

/// <summary>REST market status values (what <c>status</c> says in a Market object).</summary>
internal enum SimMarketStatus
{
    Initialized,
    Active,
    Inactive,
    Closed,
    Determined,
    Finalized,
}
