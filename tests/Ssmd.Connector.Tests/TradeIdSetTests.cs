using Ssmd.Connector.Feed;

namespace Ssmd.Connector.Tests;

/// <summary>The trade ids the connector remembers to publish each trade once.</summary>
public sealed class TradeIdSetTests
{
    [Fact]
    public void A_trade_forgotten_and_backfilled_is_remembered_as_long_as_any_other_trade_and_the_oldest_go_first()
    {
        var ids = new TradeIdSet(capacity: 3);
        Assert.True(ids.Add("a"));
        ids.Forget("a"); // its frame was dropped: the backfill must bring it
        Assert.True(ids.Add("a")); // backfilled
        Assert.True(ids.Add("b"));
        Assert.True(ids.Add("c"));

        // The backfilled "a" is one of the last three: a second copy of it (another overlapping backfill) is a duplicate.
        Assert.False(ids.Add("a"));
        Assert.False(ids.Add("b"));
        Assert.False(ids.Add("c"));

        // The oldest is forgotten first, and the set holds no more than its capacity.
        Assert.True(ids.Add("d"));
        Assert.True(ids.Add("a"));
        Assert.False(ids.Add("c"));
        Assert.False(ids.Add("d"));
    }
}
