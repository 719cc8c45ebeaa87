using System.Globalization;
using NATS.Client.Core;

namespace Ssmd.Streams;

/// <summary>The headers every message ssmd publishes carries.</summary>
public static class SsmdHeaders
{
    /// <summary>JetStream's de-duplication id: stable across retries of one publish.</summary>
    public const string MessageId = "Nats-Msg-Id";

    /// <summary>When ssmd received the exchange frame: Unix nanoseconds, decimal digits.</summary>
    public const string ReceiveTime = "Ssmd-Receive-Time";

    /// <summary>W3C trace context of the frame's trace (so one trace follows a message to the client).</summary>
    public const string TraceParent = "traceparent";

    /// <summary>Kalshi's subscription id of the frame, when it had one (raw frames).</summary>
    public const string Sid = "Ssmd-Sid";

    /// <summary>Kalshi's subscription sequence number of the frame, when it had one (raw frames).</summary>
    public const string Seq = "Ssmd-Seq";

    /// <summary>The <c>use_yes_price</c> flag of the subscription a raw orderbook frame came on (<c>true</c>/<c>false</c>).</summary>
    public const string UseYesPrice = "Ssmd-Use-Yes-Price";

    /// <summary>Reads <see cref="ReceiveTime"/>; null when absent or not a number.</summary>
    public static long? ReadReceiveTime(NatsHeaders? headers) =>
        headers is not null && headers.TryGetLastValue(ReceiveTime, out var value)
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ns) ? ns : null;

    /// <summary>Writes <paramref name="unixNanoseconds"/> as <see cref="ReceiveTime"/>.</summary>
    public static void WriteReceiveTime(NatsHeaders headers, long unixNanoseconds)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers[ReceiveTime] = unixNanoseconds.ToString(CultureInfo.InvariantCulture);
    }
}
