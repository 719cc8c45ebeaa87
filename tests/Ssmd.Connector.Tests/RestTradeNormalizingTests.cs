using System.Text.Json;
using Ssmd.Connector.Feed;
using Ssmd.Connector.Publishing;
using Ssmd.Kalshi.Rest;
using Ssmd.Normalized;

namespace Ssmd.Connector.Tests;

/// <summary>A trade recovered from REST after a gap becomes the same normalized trade a frame would have.</summary>
public sealed class RestTradeNormalizingTests
{
    [Theory]
    [InlineData("""{"trade_id":"t","ticker":"M-1","count_fp":"1.00","yes_price_dollars":"0.3000","taker_outcome_side":"no","taker_side":"no","created_time":"2026-03-01T00:00:00Z"}""", Side.No)]
    [InlineData("""{"trade_id":"t","ticker":"M-1","count_fp":"1.00","yes_price_dollars":"0.3000","taker_side":"no","created_time":"2026-03-01T00:00:00Z"}""", Side.No)]
    [InlineData("""{"trade_id":"t","ticker":"M-1","count_fp":"1.00","yes_price_dollars":"0.3000","taker_outcome_side":"no","created_time":"2026-03-01T00:00:00Z"}""", Side.No)]
    [InlineData("""{"trade_id":"t","ticker":"M-1","count_fp":"1.00","yes_price_dollars":"0.3000","created_time":"2026-03-01T00:00:00Z"}""", Side.Unknown)]
    public void A_backfilled_trade_takes_its_side_from_taker_outcome_side_else_taker_side_and_never_guesses(string json, Side expected)
    {
        var trade = JsonSerializer.Deserialize(json, KalshiJsonContext.Default.KalshiRestTrade)!;
        var frame = new OutboundFrame { ReceiveNanoseconds = 1 };
        try
        {
            new FrameNormalizer("kalshi").Trade(frame, trade);
            var reader = new Capnp.MessageReader();
            reader.Load(Assert.Single(frame.Normalized).Payload);
            Assert.Equal((expected, 3000L, 100L), (Trade.ReadRoot(reader).TakerSide, Trade.ReadRoot(reader).Price, Trade.ReadRoot(reader).Size));
        }
        finally
        {
            frame.Release();
        }
    }
}
