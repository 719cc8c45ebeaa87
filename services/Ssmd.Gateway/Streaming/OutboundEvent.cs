using Ssmd.Gateway.Protocol;

namespace Ssmd.Gateway.Streaming;

/// <summary>One event on its way to a client: its JSON (shared by every subscriber) and when the connector received its frame.</summary>
/// <param name="Kind">The event type.</param>
/// <param name="Json">The UTF-8 JSON text, one WebSocket text message.</param>
/// <param name="ReceiveTime">The connector's receive time, Unix ns; 0 for events the gateway made itself.</param>
internal readonly record struct OutboundEvent(EventKind Kind, byte[] Json, long ReceiveTime);
