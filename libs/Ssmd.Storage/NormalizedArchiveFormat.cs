using Ssmd.Capnp;
using Ssmd.Normalized;
using Ssmd.Streams;

namespace Ssmd.Storage;

/// <summary>The normalized archive's content: a zstd stream of framed Cap'n Proto messages of one root type per kind.</summary>
public static class NormalizedArchiveFormat
{
    /// <summary>The Cap'n Proto root struct of a kind (what <c>capnp decode schemas/ssmd.capnp &lt;root&gt;</c> takes).</summary>
    public static string RootName(NormalizedKind kind) => kind switch
    {
        NormalizedKind.Trade => "Trade",
        NormalizedKind.Orderbook => "OrderBookUpdate",
        NormalizedKind.Ticker => "Ticker",
        NormalizedKind.Status => "MarketStatus",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The <c>receiveTime</c> of a loaded message of <paramref name="kind"/>, Unix nanoseconds.</summary>
    /// <exception cref="CapnpFormatException">The message is not valid Cap'n Proto.</exception>
    public static long ReceiveTime(NormalizedKind kind, MessageReader message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return kind switch
        {
            NormalizedKind.Trade => Trade.ReadRoot(message).ReceiveTime,
            NormalizedKind.Orderbook => OrderBookUpdate.ReadRoot(message) is var update && update.Which == OrderBookUpdate.Which.Delta
                ? update.Delta.ReceiveTime
                : update.Snapshot.ReceiveTime,
            NormalizedKind.Ticker => Ticker.ReadRoot(message).ReceiveTime,
            NormalizedKind.Status => MarketStatus.ReadRoot(message).ReceiveTime,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
