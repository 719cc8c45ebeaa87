namespace Ssmd.KalshiSim.WebSockets;

/// <summary>What a queued outgoing item is.</summary>
internal enum SimOutgoingKind
{
    /// <summary>A market-data message wrapped in the subscription's envelope.</summary>
    Data,

    /// <summary>A ready-made frame (replies without <c>seq</c>).</summary>
    Raw,

    /// <summary><c>ok</c> for a subscription: takes a <c>seq</c> number when sent.</summary>
    Ok,

    /// <summary><c>unsubscribed</c>: takes a <c>seq</c> number when sent.</summary>
    Unsubscribed,
}
