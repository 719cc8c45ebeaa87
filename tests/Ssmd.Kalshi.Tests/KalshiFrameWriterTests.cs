using System.Buffers;
using System.Text;
using System.Text.Json;
using Ssmd.Kalshi.Messages;

namespace Ssmd.Kalshi.Tests;

public sealed class KalshiFrameWriterTests
{
    private static byte[] Frame(string type, long sid, long? seq, Action<Utf8JsonWriter> body)
    {
        var bodyBuffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(bodyBuffer))
        {
            body(writer);
        }

        var frame = new ArrayBufferWriter<byte>();
        KalshiFrameWriter.WriteEnvelope(frame, Encoding.UTF8.GetBytes(type), sid, seq, null, bodyBuffer.WrittenSpan);
        return frame.WrittenSpan.ToArray();
    }

    private static byte[] RealFrame(string fixture, string type) =>
        KalshiFixtures.Frames(KalshiFixtures.Fixture(fixture)).First(f => KalshiFrameReader.Read(f).TypeName == type);

    [Fact]
    public void An_emitted_delta_has_the_field_set_of_a_real_gold_delta_and_reads_back_the_same()
    {
        var frame = Frame("orderbook_delta", 1, 7, w => KalshiFrameWriter.WriteDeltaBody(w, "KXGOLD15M-26AUG102030-30", "2c0a84d8-9df7-4965-8be3-0a230f12c02e", new KalshiPrice(100), new KalshiSize(-2643), KalshiSide.Yes, 1786407393124, yesPrices: false));
        var real = RealFrame("zkiihne__kalshi-gold15m-sample__reconnect.ndjson", "orderbook_delta");
        Assert.Equal(KalshiFixtures.MsgFields(real), KalshiFixtures.MsgFields(frame));
        var delta = Assert.IsType<KalshiOrderbookDelta>(KalshiFrameReader.Read(frame).Message);
        Assert.Equal((new KalshiPrice(100), new KalshiSize(-2643), 1786407393124L), (delta.Price, delta.Delta, delta.TsMs!.Value));
        Assert.Equal("2026-08-11T00:16:33.124000Z", delta.Ts);
    }

    [Fact]
    public void An_emitted_trade_has_the_field_set_of_a_real_gold_trade_plus_is_block_trade()
    {
        var trade = new KalshiTrade("f195de40-6a3f-418b-1a7e-9d89fee559c0", "KXGOLD15M-26AUG050000-00", new KalshiPrice(6800), new KalshiPrice(3200), new KalshiSize(4602), KalshiSide.Yes, "bid", "yes", false, 1785901540722, null);
        var frame = Frame("trade", 2, 147562, w => KalshiFrameWriter.WriteTradeBody(w, trade));
        var expected = KalshiFixtures.MsgFields(RealFrame("zkiihne__kalshi-gold15m-sample__trades.ndjson", "trade"));
        expected.Add("is_block_trade"); // on WS since 2026-08-13, after the gold capture
        Assert.Equal(expected, KalshiFixtures.MsgFields(frame));
        Assert.Equal(trade with { Ts = 1785901540 }, KalshiFrameReader.Read(frame).Message);
    }

    [Fact]
    public void An_emitted_ticker_has_the_field_set_of_the_real_july_2026_production_ticker()
    {
        var ticker = new KalshiTicker("KXBTC15M-26JUL191145-45", "e8117a18-7e83-40b4-b2e8-116a8fd494f0", new KalshiPrice(9990), new KalshiPrice(0), new KalshiPrice(10000), new KalshiSize(0), new KalshiSize(0), new KalshiSize(11), new KalshiSize(223348748), new KalshiSize(61870014), 1116743, 309350, 1784475900544, null, null);
        var frame = Frame("ticker", 1, null, w => KalshiFrameWriter.WriteTickerBody(w, ticker));
        var real = KalshiFixtures.Frames(KalshiFixtures.Fixture("aaronwald__ssmd__ws-frames.ndjson")).First(f => KalshiFixtures.MsgFields(f).Contains("ts_ms"));
        Assert.Equal(KalshiFixtures.MsgFields(real), KalshiFixtures.MsgFields(frame));
        var back = Assert.IsType<KalshiTicker>(KalshiFrameReader.Read(frame).Message);
        Assert.Equal(ticker with { Ts = 1784475900, Time = back.Time }, back);
        Assert.Null(KalshiFrameReader.Read(frame).Seq);
    }

    [Fact]
    public void An_emitted_snapshot_matches_the_real_shape_and_leaves_out_an_empty_side()
    {
        var book = new KalshiBook();
        book.Apply(KalshiSide.Yes, new KalshiPrice(100), new KalshiSize(141000));
        book.Apply(KalshiSide.No, new KalshiPrice(200), new KalshiSize(250000));
        book.Apply(KalshiSide.No, new KalshiPrice(100), new KalshiSize(10000));
        var frame = Frame("orderbook_snapshot", 1, 1, w => KalshiFrameWriter.WriteSnapshotBody(w, "KXGOLDH-26AUG2711-T4615.99", "ef793c45-beed-4096-8a3a-1c70af894be7", book, yesPrices: false));
        Assert.Equal(
            """{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"KXGOLDH-26AUG2711-T4615.99","market_id":"ef793c45-beed-4096-8a3a-1c70af894be7","yes_dollars_fp":[["0.0100","1410.00"]],"no_dollars_fp":[["0.0100","100.00"],["0.0200","2500.00"]]}}""",
            Encoding.UTF8.GetString(frame));

        var yesOnly = new KalshiBook();
        yesOnly.Apply(KalshiSide.Yes, new KalshiPrice(100), new KalshiSize(100));
        var emptyNo = Frame("orderbook_snapshot", 1, 2, w => KalshiFrameWriter.WriteSnapshotBody(w, "T", "", yesOnly, yesPrices: false));
        Assert.DoesNotContain("no_dollars_fp", KalshiFixtures.MsgFields(emptyNo));
    }

    [Fact]
    public void A_yes_priced_snapshot_quotes_no_levels_as_one_minus_p_ascending()
    {
        var book = new KalshiBook();
        book.Apply(KalshiSide.No, new KalshiPrice(5600), new KalshiSize(300));
        book.Apply(KalshiSide.No, new KalshiPrice(5000), new KalshiSize(100));
        var frame = Frame("orderbook_snapshot", 1, 1, w => KalshiFrameWriter.WriteSnapshotBody(w, "T", "", book, yesPrices: true));
        var snapshot = Assert.IsType<KalshiOrderbookSnapshot>(KalshiFrameReader.Read(frame).Message);
        Assert.Equal([new KalshiLevel(new KalshiPrice(4400), new KalshiSize(300)), new KalshiLevel(new KalshiPrice(5000), new KalshiSize(100))], snapshot.No);
        var rebuilt = new KalshiBook();
        rebuilt.Replace(snapshot.Yes, snapshot.No, yesPrices: true);
        Assert.True(book.SameLevelsAs(rebuilt));
    }

    [Fact]
    public void Emitted_lifecycle_messages_have_the_real_field_sets()
    {
        var determined = Frame("market_lifecycle_v2", 1, 3, w => KalshiFrameWriter.WriteLifecycleBody(w, new KalshiMarketLifecycle("M", "determined", Result: "no", DeterminationTs: 1784501722, SettlementValue: KalshiPrice.Zero)));
        Assert.Equal(["determination_ts", "event_type", "market_ticker", "result", "settlement_value"], KalshiFixtures.MsgFields(determined));
        var settled = Frame("market_lifecycle_v2", 1, 4, w => KalshiFrameWriter.WriteLifecycleBody(w, new KalshiMarketLifecycle("M", "settled", SettledTs: 1784500206)));
        Assert.Equal(["event_type", "market_ticker", "settled_ts"], KalshiFixtures.MsgFields(settled));
        var created = Frame("market_lifecycle_v2", 1, 5, w => KalshiFrameWriter.WriteLifecycleBody(w, new KalshiMarketLifecycle("M", "created", OpenTs: 1, CloseTs: 2, AdditionalMetadata: new KalshiLifecycleMetadata("n", "t", "y", "n", "r1", "r2", true, "E", 3, null))));
        var parsed = Assert.IsType<KalshiMarketLifecycle>(KalshiFrameReader.Read(created).Message);
        Assert.Equal("E", parsed.AdditionalMetadata!.EventTicker);
    }

    [Fact]
    public void Replies_read_back_as_what_was_written()
    {
        var buffer = new ArrayBufferWriter<byte>();
        KalshiFrameWriter.WriteError(buffer, 3, KalshiErrorCodes.UnknownChannel);
        Assert.Equal("""{"type":"error","id":3,"msg":{"code":8,"msg":"Unknown channel name"}}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
        buffer.Clear();
        KalshiFrameWriter.WriteSubscribed(buffer, 1, "orderbook_delta", 1);
        Assert.Equal("""{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":1}}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
        buffer.Clear();
        KalshiFrameWriter.WriteUnsubscribed(buffer, 4, 2, 9);
        var frame = KalshiFrameReader.Read(buffer.WrittenSpan);
        Assert.Equal((KalshiMessageType.Unsubscribed, 4L, 2L, 9L), (frame.Type, frame.Id!.Value, frame.Sid!.Value, frame.Seq!.Value));
    }

    [Fact]
    public void Commands_written_by_the_connector_side_are_read_by_the_server_side()
    {
        var buffer = new ArrayBufferWriter<byte>();
        KalshiCommandWriter.WriteSubscribe(buffer, 1, ["orderbook_delta"], ["A", "B"], useYesPrice: true);
        var command = KalshiCommandReader.Read(buffer.WrittenSpan);
        Assert.Equal((1L, "subscribe"), (command.Id, command.Cmd));
        Assert.Equal(["A", "B"], command.Params!.MarketTickers);
        Assert.True(command.Params.UseYesPrice);
        buffer.Clear();
        KalshiCommandWriter.WriteUpdateSubscription(buffer, 2, 5, "add_markets", ["C"]);
        command = KalshiCommandReader.Read(buffer.WrittenSpan);
        Assert.Equal([5L], command.Params!.Sids);
        Assert.Equal("add_markets", command.Params.Action);
    }
}
