using Ssmd.Streams;

namespace Ssmd.Storage;

/// <summary>One normalized event read back from the archive.</summary>
/// <param name="Kind">trade, orderbook, ticker or status.</param>
/// <param name="Ticker">The market (from the file's place in the layout).</param>
/// <param name="ReceiveTime">When the connector received the frame, Unix nanoseconds (the message's <c>receiveTime</c>).</param>
/// <param name="Message">The framed Cap'n Proto message, as published (read it with the generated types).</param>
public sealed record NormalizedArchiveEvent(NormalizedKind Kind, string Ticker, long ReceiveTime, byte[] Message);
