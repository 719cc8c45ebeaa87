using Ssmd.KalshiSim.Model;

namespace Ssmd.KalshiSim.WebSockets;

/// <summary>
/// One subscription of a connection. Market membership is changed only by the engine loop;
/// <see cref="Seq"/> only by the connection's send loop, which numbers frames as it sends them.
/// </summary>
internal sealed class SimSubscription(long sid, SimChannel channel, string channelName, bool allMarkets, bool useYesPrice, bool skipTickerAck)
{
    public long Sid { get; } = sid;

    public SimChannel Channel { get; } = channel;

    public string ChannelName { get; } = channelName;

    /// <summary>No market filter: every market (ticker, trade and lifecycle without tickers).</summary>
    public bool AllMarkets { get; } = allMarkets;

    public bool UseYesPrice { get; } = useYesPrice;

    public bool SkipTickerAck { get; } = skipTickerAck;

    /// <summary>Market indices in insertion order plus a set for lookups.</summary>
    public List<SimMarketRef> Markets { get; } = [];

    public HashSet<int> MarketIndices { get; } = [];

    public HashSet<string> Tickers { get; } = new(StringComparer.Ordinal);

    /// <summary>Last <c>seq</c> sent (send loop only).</summary>
    public long Seq { get; set; }

    /// <summary>Set when the subscription ended (unsubscribed or error 25); the send loop drops its data.</summary>
    public volatile bool Ended;

    /// <summary>Whether frames of this channel carry <c>seq</c> (all but <c>ticker</c>).</summary>
    public bool Sequenced => Channel != SimChannel.Ticker;

    /// <summary>Tickers asked for that the exchange did not have yet (a later window, a market not yet replayed).</summary>
    public int Pending { get; set; }

    public bool Wants(SimMessage message)
    {
        if (AllMarkets)
        {
            return true;
        }

        if (message.Market is not { } market)
        {
            return false;
        }

        if (MarketIndices.Contains(market.Index))
        {
            return true;
        }

        // A market created after the subscribe joins it once it exists (engine loop only).
        if (Pending > 0 && Tickers.Contains(market.Ticker))
        {
            MarketIndices.Add(market.Index);
            Pending--;
            return true;
        }

        return false;
    }
}
