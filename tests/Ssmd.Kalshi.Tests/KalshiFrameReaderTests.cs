using System.Text;
using Ssmd.Kalshi.Messages;

namespace Ssmd.Kalshi.Tests;

public sealed class KalshiFrameReaderTests
{
    private static KalshiFrame Read(string json) => KalshiFrameReader.Read(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("Haripratiik__prediction-market-trading-engine__ws-frames-demo.ndjson")]
    [InlineData("aaronwald__ssmd__ws-frames.ndjson")]
    [InlineData("mxgordon__kalshi-rust__ws-frames.ndjson")]
    [InlineData("zkiihne__kalshi-gold15m-sample__reconnect.ndjson")]
    [InlineData("zkiihne__kalshi-gold15m-sample__trades.ndjson")]
    [InlineData("zkiihne__kalshi-gold15m-sample__window-close.ndjson")]
    [InlineData("zkiihne__kalshi-gold15m-sample__window-open.ndjson")]
    public void Every_real_frame_of_a_fixture_parses_to_its_typed_message(string fixture)
    {
        var count = 0;
        foreach (var frame in KalshiFixtures.Frames(KalshiFixtures.Fixture(fixture)))
        {
            var parsed = KalshiFrameReader.Read(frame);
            Assert.NotEqual(KalshiMessageType.Unknown, parsed.Type);
            if (parsed.Type != KalshiMessageType.Unsubscribed)
            {
                Assert.NotNull(parsed.Message);
            }

            count++;
        }

        Assert.True(count > 0);
    }

    [Fact]
    public void A_real_demo_snapshot_keeps_its_levels_ascending_and_exact()
    {
        var frame = Read("""{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"KXGOLDH-26AUG2711-T4615.99","market_id":"ef793c45-beed-4096-8a3a-1c70af894be7","yes_dollars_fp":[["0.0100","1410.00"]],"no_dollars_fp":[["0.0100","100.00"],["0.0200","2500.00"]]}}""");
        var snapshot = Assert.IsType<KalshiOrderbookSnapshot>(frame.Message);
        Assert.Equal((1L, 1L), (frame.Sid!.Value, frame.Seq!.Value));
        Assert.Equal("KXGOLDH-26AUG2711-T4615.99", snapshot.MarketTicker);
        Assert.Equal([new KalshiLevel(new KalshiPrice(100), new KalshiSize(141000))], snapshot.Yes);
        Assert.Equal([new KalshiLevel(new KalshiPrice(100), new KalshiSize(10000)), new KalshiLevel(new KalshiPrice(200), new KalshiSize(250000))], snapshot.No);
    }

    [Fact]
    public void A_snapshot_with_an_empty_market_id_and_no_levels_is_an_empty_book()
    {
        var snapshot = Assert.IsType<KalshiOrderbookSnapshot>(Read("""{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"KXBTCD-25AUG2617-T112999.99","market_id":""}}""").Message);
        Assert.Equal("", snapshot.MarketId);
        Assert.Empty(snapshot.Yes);
        Assert.Empty(snapshot.No);
    }

    [Fact]
    public void A_real_gold_delta_carries_a_signed_fractional_size_and_the_exchange_time()
    {
        var delta = Assert.IsType<KalshiOrderbookDelta>(Read("""{"type":"orderbook_delta","sid":1,"seq":12560828,"msg":{"market_ticker":"KXGOLD15M-26AUG102030-30","market_id":"2c0a84d8-9df7-4965-8be3-0a230f12c02e","price_dollars":"0.0100","delta_fp":"-26.43","side":"yes","ts":"2026-08-11T00:16:33.124208Z","ts_ms":1786407393124}}""").Message);
        Assert.Equal(new KalshiSize(-2643), delta.Delta);
        Assert.Equal(new KalshiPrice(100), delta.Price);
        Assert.Equal(KalshiSide.Yes, delta.Side);
        Assert.Equal(1786407393124, delta.TsMs);
        Assert.False(delta.Legacy);
    }

    [Fact]
    public void An_ok_takes_a_sequence_number_and_lists_the_full_market_set()
    {
        var frame = Read("""{"type":"ok","id":2,"sid":1,"seq":108,"msg":{"market_tickers":["KXGOLDH-26AUG2711-T4615.99","KXGOLDH-26AUG2711-T4617.99"]}}""");
        Assert.Equal(108, frame.Seq);
        Assert.Equal(2, Assert.IsType<KalshiOk>(frame.Message).MarketTickers!.Count);
    }

    [Fact]
    public void The_list_subscriptions_reply_is_read_from_an_array_msg_and_from_the_older_subscriptions_key()
    {
        var current = Assert.IsType<KalshiOk>(Read("""{"id":3,"type":"ok","msg":[{"channel":"ticker","sid":2}]}""").Message);
        var older = Assert.IsType<KalshiOk>(Read("""{"id":3,"type":"ok","subscriptions":[{"channel":"ticker","sid":2}]}""").Message);
        Assert.Equal([new KalshiSubscriptionInfo("ticker", 2)], current.Subscriptions);
        Assert.Equal(current.Subscriptions, older.Subscriptions);
    }

    [Fact]
    public void An_error_keeps_its_code_and_text()
    {
        var error = Assert.IsType<KalshiError>(Read("""{"type":"error","id":3,"msg":{"code":8,"msg":"Unknown channel name"}}""").Message);
        Assert.Equal((8, "Unknown channel name"), (error.Code, error.Message));
    }

    [Fact]
    public void A_legacy_ticker_with_integer_cents_and_an_empty_price_string_parses()
    {
        var ticker = Assert.IsType<KalshiTicker>(Read("""{"type":"ticker","sid":1,"msg":{"market_id":"5f2c3445-bdee-42d8-a8ae-648dd1fedb22","market_ticker":"KXBRASILEIROGAME-25NOV29CEACRU-CRU","price":0,"yes_bid":37,"yes_ask":43,"price_dollars":"","yes_bid_dollars":"0.3700","yes_ask_dollars":"0.4300","volume":0,"open_interest":0,"dollar_volume":0,"dollar_open_interest":0,"ts":1732579880,"Clock":6598272643}}""").Message);
        Assert.Equal(new KalshiPrice(3700), ticker.YesBid);
        Assert.True(ticker.Legacy);
    }

    [Fact]
    public void A_legacy_trade_with_integer_cents_and_count_parses()
    {
        var trade = Assert.IsType<KalshiTrade>(Read("""{"type":"trade","sid":1,"seq":16,"msg":{"trade_id":"5b0276ef-7715-46f2-56d8-a1c7b9e59e58","market_ticker":"KXHIGHCHI-25OCT02-B80.5","yes_price":27,"no_price":73,"count":7,"taker_side":"yes","ts":1759350609}}""").Message);
        Assert.Equal((new KalshiPrice(2700), new KalshiSize(700), KalshiSide.Yes), (trade.YesPrice, trade.Count, trade.TakerOutcomeSide!.Value));
        Assert.True(trade.Legacy);
    }

    [Fact]
    public void An_old_event_lifecycle_with_sub_title_and_empty_series_parses()
    {
        var e = Assert.IsType<KalshiEventLifecycle>(Read("""{"type":"event_lifecycle","sid":1,"msg":{"event_ticker":"E-1","title":"T","sub_title":"S","collateral_return_type":"","series_ticker":""}}""").Message);
        Assert.Equal(("S", ""), (e.Subtitle, e.SeriesTicker));
    }

    [Fact]
    public void Unknown_types_and_fields_are_kept_and_counted_never_thrown()
    {
        var frame = Read("""{"type":"ticker_v3","sid":9,"extra":1,"msg":{"a":1}}""");
        Assert.Equal(KalshiMessageType.Unknown, frame.Type);
        Assert.Equal("ticker_v3", frame.TypeName);
        Assert.Equal(1, frame.UnknownFields);
    }

    [Theory]
    [InlineData("{\"type\":\"orderbook_delta\",\"sid\":1,\"seq\":2,\"msg\":{\"price_dollars\":")]
    [InlineData("not json")]
    [InlineData("{\"type\":\"orderbook_delta\",\"sid\":1,\"msg\":{\"price_dollars\":\"x\",\"delta_fp\":\"1.00\",\"side\":\"yes\"}}")]
    [InlineData("{\"type\":\"orderbook_delta\",\"sid\":1,\"seq\":2,\"msg\":{\"market_ticker\":\"M-1\",\"price_dollars\":\"0.4000\",\"delta_fp\":\"5.00\"}}")] // no side: neither book's
    public void A_malformed_frame_gives_a_protocol_error_that_names_what_was_known(string json)
    {
        var e = Assert.Throws<KalshiProtocolException>(() => Read(json));
        Assert.False(string.IsNullOrEmpty(e.Message));
    }

    [Theory]
    [InlineData("orderbook_snapshot", "{\"type\":\"orderbook_snapshot\",\"sid\":1,\"seq\":1,\"msg\":{\"yes_dollars_fp\":[[\"0.4000\",\"10.00\"]]}}")]
    [InlineData("orderbook_delta", "{\"type\":\"orderbook_delta\",\"sid\":1,\"seq\":2,\"msg\":{\"price_dollars\":\"0.4000\",\"delta_fp\":\"1.00\",\"side\":\"yes\"}}")]
    [InlineData("ticker", "{\"type\":\"ticker\",\"sid\":2,\"msg\":{\"price_dollars\":\"0.5000\"}}")]
    [InlineData("trade", "{\"type\":\"trade\",\"sid\":3,\"seq\":1,\"msg\":{\"trade_id\":\"a\",\"market_ticker\":\"\",\"yes_price_dollars\":\"0.4400\",\"count_fp\":\"1.00\"}}")]
    [InlineData("trade", "{\"type\":\"trade\",\"sid\":3,\"seq\":1,\"msg\":{\"market_ticker\":\"M-1\",\"yes_price_dollars\":\"0.4400\",\"count_fp\":\"1.00\"}}")]
    [InlineData("market_lifecycle_v2", "{\"type\":\"market_lifecycle_v2\",\"sid\":4,\"seq\":1,\"msg\":{\"event_type\":\"created\"}}")]
    public void A_market_message_without_its_market_or_a_trade_without_its_id_is_a_protocol_error_of_its_type(string type, string json)
    {
        // Routed by ticker (and trades de-duplicated by id): without them the frame is kept raw only.
        var e = Assert.Throws<KalshiProtocolException>(() => Read(json));
        Assert.Equal(type, e.FrameType);
        Assert.NotNull(e.Sid);
    }

    [Theory]
    [InlineData("null", 0)]
    [InlineData("[1,{\"a\":2}]", 1)]
    [InlineData("\"x\"", 1)]
    public void Additional_metadata_that_is_not_an_object_is_no_metadata_and_the_rest_of_the_message_is_still_read(string metadata, int unknown)
    {
        var frame = Read($$$"""{"type":"market_lifecycle_v2","sid":3,"seq":10,"msg":{"market_ticker":"M-1","additional_metadata":{{{metadata}}},"event_type":"created","open_ts":4102444800}}""");
        var lifecycle = Assert.IsType<KalshiMarketLifecycle>(frame.Message);
        Assert.Equal(("M-1", "created", 4102444800L, (KalshiLifecycleMetadata?)null), (lifecycle.MarketTicker, lifecycle.EventType, lifecycle.OpenTs, lifecycle.AdditionalMetadata));
        Assert.Equal(unknown, frame.UnknownFields);
        Assert.Equal(10L, frame.Seq);
    }

    [Fact]
    public void An_empty_type_is_a_frame_without_a_type()
    {
        var e = Assert.Throws<KalshiProtocolException>(() => Read("""{"type":"","sid":1,"msg":{}}"""));
        Assert.Null(e.FrameType);
    }
}
