using Ssmd.Gateway.Markets;

namespace Ssmd.Gateway.Streaming;

/// <summary>
/// One client's subscription to one market. Every field but <see cref="Client"/> and <see cref="Market"/>
/// is read and written under the market's lock, so a delivery decision and the events around it see
/// one state.
/// </summary>
internal sealed class Subscription(StreamClient client, MarketState market)
{
    public StreamClient Client { get; } = client;

    public MarketState Market { get; } = market;

    /// <summary>False once unsubscribed or disconnected.</summary>
    public bool Active { get; set; } = true;

    /// <summary>Book and ticker updates are being skipped: a fresh snapshot is owed.</summary>
    public bool BookStale { get; set; }

    /// <summary>A ticker update was skipped: the market's latest ticker is owed with the snapshot.</summary>
    public bool TickerSkipped { get; set; }

    /// <summary>Trades or status events could not be queued: every event of the market is held back until a <c>gap</c> event and a snapshot.</summary>
    public bool Withheld { get; set; }

    /// <summary>Waiting in the client's resync queue.</summary>
    public bool AwaitingResync { get; set; }

    public long FirstMissedSeq { get; set; }

    public long LastMissedSeq { get; set; }

    public int LostTrades { get; set; }

    public int LostStatuses { get; set; }
}
