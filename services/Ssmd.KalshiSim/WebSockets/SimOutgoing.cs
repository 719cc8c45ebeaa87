using Ssmd.KalshiSim.Model;

namespace Ssmd.KalshiSim.WebSockets;

/// <summary>One item of a connection's send queue.</summary>
internal readonly record struct SimOutgoing(SimOutgoingKind Kind, SimSubscription? Subscription, SimMessage? Message, byte[]? Raw, long? Id, string[]? Tickers = null)
{
    public static SimOutgoing Data(SimSubscription subscription, SimMessage message, long? id = null) => new(SimOutgoingKind.Data, subscription, message, null, id);

    public static SimOutgoing Frame(byte[] frame) => new(SimOutgoingKind.Raw, null, null, frame, null);
}
