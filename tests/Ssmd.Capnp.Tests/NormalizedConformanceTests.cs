using Ssmd.Capnp.Tests.Models;
using Ssmd.Capnp.Tests.Support;
using Ssmd.Normalized;

namespace Ssmd.Capnp.Tests;

/// <summary>
/// Every root type of schemas/ssmd.capnp against the reference tool, both ways: messages built in C#
/// are decoded by <c>capnp decode</c> to the expected text, and messages <c>capnp encode</c> makes
/// from that text read back in C# with every field equal. Seeded random values mix in unicode and
/// escaped text, unset pointers (defaults), empty lists and extreme integers; each case runs
/// single-segment and with a one-word first segment, which puts every object in another segment
/// behind a far pointer.
/// </summary>
public sealed class NormalizedConformanceTests
{
    private const int MessagesPerCase = 60;

    public static TheoryData<int> SegmentSizes => new() { 1024, 1 };

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void Trades_match_the_reference_tool_both_ways(int firstSegmentWords) =>
        BothWays("Trade", 1, firstSegmentWords, TradeModel.Random, (m, b) => m.Build(Trade.InitRoot(b)), m => m.ToText(),
            r => TradeModel.From(Trade.ReadRoot(r)).ToText());

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void Levels_match_the_reference_tool_both_ways(int firstSegmentWords) =>
        BothWays("Level", 2, firstSegmentWords, LevelModel.Random, (m, b) => m.Build(Level.InitRoot(b)), m => m.ToText(),
            r => LevelModel.From(Level.ReadRoot(r)).ToText());

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void Book_snapshots_match_the_reference_tool_both_ways(int firstSegmentWords) =>
        BothWays("OrderBookSnapshot", 3, firstSegmentWords, v => SnapshotModel.Random(v), (m, b) => m.Build(OrderBookSnapshot.InitRoot(b)), m => m.ToText(),
            r => SnapshotModel.From(OrderBookSnapshot.ReadRoot(r)).ToText());

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void Book_deltas_match_the_reference_tool_both_ways(int firstSegmentWords) =>
        BothWays("OrderBookDelta", 4, firstSegmentWords, DeltaModel.Random, (m, b) => m.Build(OrderBookDelta.InitRoot(b)), m => m.ToText(),
            r => DeltaModel.From(OrderBookDelta.ReadRoot(r)).ToText());

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void Book_updates_with_their_union_match_the_reference_tool_both_ways(int firstSegmentWords) =>
        BothWays("OrderBookUpdate", 5, firstSegmentWords, UpdateModel.Random, (m, b) => m.Build(OrderBookUpdate.InitRoot(b)), m => m.ToText(),
            r => UpdateModel.From(OrderBookUpdate.ReadRoot(r)).ToText());

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void Tickers_match_the_reference_tool_both_ways(int firstSegmentWords) =>
        BothWays("Ticker", 6, firstSegmentWords, TickerModel.Random, (m, b) => m.Build(Normalized.Ticker.InitRoot(b)), m => m.ToText(),
            r => TickerModel.From(Normalized.Ticker.ReadRoot(r)).ToText());

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void Market_statuses_with_every_union_member_match_the_reference_tool_both_ways(int firstSegmentWords) =>
        BothWays("MarketStatus", 7, firstSegmentWords, StatusModel.Random, (m, b) => m.Build(MarketStatus.InitRoot(b)), m => m.ToText(),
            r => StatusModel.From(MarketStatus.ReadRoot(r)).ToText());

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void Every_enumerant_of_every_enum_matches_the_reference_tool_both_ways(int firstSegmentWords)
    {
        // Each enum in a field of its type: Side in Trade, BookSide in OrderBookDelta, Status and
        // LifecycleEvent in MarketStatus, Result in MarketStatus.details.determined.
        BothWays("Trade", [.. Enum.GetValues<Side>().Select(side => new TradeModel("KX", 1, 2, 3, "t", 4575, 1250, side, false))],
            firstSegmentWords, (m, b) => m.Build(Trade.InitRoot(b)), m => m.ToText(), r => TradeModel.From(Trade.ReadRoot(r)).ToText());
        BothWays("OrderBookDelta", [.. Enum.GetValues<BookSide>().Select(side => new DeltaModel("KX", 1, 2, 3, side, 4575, -100, 1150, "m"))],
            firstSegmentWords, (m, b) => m.Build(OrderBookDelta.InitRoot(b)), m => m.ToText(), r => DeltaModel.From(OrderBookDelta.ReadRoot(r)).ToText());
        StatusModel[] statuses =
        [
            .. Enum.GetValues<Status>().Select(status => StatusOf(status, LifecycleEvent.StatusSnapshot, MarketStatus.Details.Which.None, Result.Unknown)),
            .. Enum.GetValues<LifecycleEvent>().Select(e => StatusOf(Normalized.Status.Active, e, MarketStatus.Details.Which.None, Result.Unknown)),
            .. Enum.GetValues<Result>().Select(result => StatusOf(Normalized.Status.Determined, LifecycleEvent.Determined, MarketStatus.Details.Which.Determined, result)),
        ];
        Assert.Equal(9 + 11 + 4, statuses.Length);
        BothWays("MarketStatus", statuses, firstSegmentWords, (m, b) => m.Build(MarketStatus.InitRoot(b)), m => m.ToText(),
            r => StatusModel.From(MarketStatus.ReadRoot(r)).ToText());
    }

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void Every_union_member_matches_the_reference_tool_both_ways(int firstSegmentWords)
    {
        StatusModel[] details = [.. Enum.GetValues<MarketStatus.Details.Which>().Select(which => StatusOf(Normalized.Status.Active, LifecycleEvent.Created, which, Result.Scalar))];
        Assert.Equal(6, details.Length);
        BothWays("MarketStatus", details, firstSegmentWords, (m, b) => m.Build(MarketStatus.InitRoot(b)), m => m.ToText(),
            r => StatusModel.From(MarketStatus.ReadRoot(r)).ToText());

        UpdateModel[] updates =
        [
            new(new SnapshotModel("KX", 1, 2, 3, [new(4575, 1250)], [], "m"), null),
            new(null, new DeltaModel("KX", 1, 2, 4, BookSide.Ask, 5425, 100, 100, "m")),
        ];
        BothWays("OrderBookUpdate", updates, firstSegmentWords, (m, b) => m.Build(OrderBookUpdate.InitRoot(b)), m => m.ToText(),
            r => UpdateModel.From(OrderBookUpdate.ReadRoot(r)).ToText());
    }

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void Empty_lists_empty_text_and_unset_pointers_match_the_reference_tool_both_ways(int firstSegmentWords)
    {
        SnapshotModel[] books =
        [
            new("", 0, 0, 0, [], [], ""),
            new(null, 0, 0, 0, null, null, null),
            new("KX", 0, 0, 0, [], null, "m"),
            new("KX", 0, 0, 0, null, [new(0, 0)], null),
        ];
        BothWays("OrderBookSnapshot", books, firstSegmentWords, (m, b) => m.Build(OrderBookSnapshot.InitRoot(b)), m => m.ToText(),
            r => SnapshotModel.From(OrderBookSnapshot.ReadRoot(r)).ToText());
    }

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void Unicode_and_escaped_text_of_every_length_class_matches_the_reference_tool_both_ways(int firstSegmentWords)
    {
        string[] texts =
        [
            "é", "€", "😀", "市场", "KXÉLECTION-28NOV-Ü", "é€😀 ünïcödé 市场 ✓ ñ", "tab\there \"quoted\" back\\slash 'single'",
            "\u0001\u001f\u007f nul-free control", string.Concat(Enumerable.Repeat("😀市é", 30_000)),
        ];
        BothWays("Trade", [.. texts.Select((text, i) => new TradeModel(text, i, i, (ulong)i, texts[^(i + 1)], i, i, Side.Yes, i % 2 == 0))],
            firstSegmentWords, (m, b) => m.Build(Trade.InitRoot(b)), m => m.ToText(), r => TradeModel.From(Trade.ReadRoot(r)).ToText());
    }

    [Fact]
    public void A_snapshot_with_fifty_thousand_levels_per_side_matches_the_reference_tool_both_ways()
    {
        var values = new Values(8);
        var levels = Enumerable.Range(0, 50_000).Select(_ => LevelModel.Random(values)).ToArray();
        var big = new SnapshotModel("KXBIG", 1, 2, 3, levels, levels.Reverse().ToArray(), "id");

        BothWays("OrderBookSnapshot", 8, 64, _ => big, (m, b) => m.Build(OrderBookSnapshot.InitRoot(b)), m => m.ToText(),
            r => SnapshotModel.From(OrderBookSnapshot.ReadRoot(r)).ToText(), count: 1);
    }

    [Fact]
    public void An_unset_settlement_value_reads_as_its_schema_default_of_minus_one_in_both_implementations()
    {
        var builder = new MessageBuilder();
        MarketStatus.Builder status = MarketStatus.InitRoot(builder);
        status.Details.InitDetermined().Result = Result.Yes;

        string text = Assert.Single(CapnpTool.Decode(Repository.NormalizedSchema, "MarketStatus", builder.ToArray()));
        Assert.Contains("settlementValue = -1", text, StringComparison.Ordinal);

        byte[] encoded = CapnpTool.Encode(Repository.NormalizedSchema, "MarketStatus", ["(details = (determined = (result = no)))"]);
        MarketStatus.Reader read = MarketStatus.ReadRoot(MessageReader.Read(encoded));
        Assert.Equal(MarketStatus.Details.Which.Determined, read.Details.Which);
        Assert.Equal(Result.No, read.Details.Determined.Result);
        Assert.Equal(-1, read.Details.Determined.SettlementValue);
    }

    [Fact]
    public void An_empty_message_reads_every_field_as_its_default()
    {
        byte[] encoded = CapnpTool.Encode(Repository.NormalizedSchema, "Trade", ["()"]);
        Trade.Reader trade = Trade.ReadRoot(MessageReader.Read(encoded));

        Assert.False(trade.HasTicker);
        Assert.True(trade.Ticker.IsEmpty);
        Assert.Equal((0L, 0L, 0UL, Side.Unknown, false), (trade.Price, trade.Size, trade.Sequence, trade.TakerSide, trade.IsBlockTrade));
    }

    [Fact]
    public void Single_segment_messages_built_in_csharp_are_byte_identical_to_capnp_encode()
    {
        var values = new Values(9);
        var trades = Enumerable.Range(0, 20).Select(_ => TradeModel.Random(values)).ToArray();
        var snapshots = Enumerable.Range(0, 20).Select(_ => SnapshotModel.Random(values)).ToArray();

        Assert.Equal(CapnpTool.Encode(Repository.NormalizedSchema, "Trade", trades.Select(t => t.ToText())), Stream(trades, (m, b) => m.Build(Trade.InitRoot(b)), 1024));
        Assert.Equal(
            CapnpTool.Encode(Repository.NormalizedSchema, "OrderBookSnapshot", snapshots.Select(t => t.ToText())),
            Stream(snapshots, (m, b) => m.Build(OrderBookSnapshot.InitRoot(b)), 1024));
    }

    private static void BothWays<TModel>(
        string type, int seed, int firstSegmentWords, Func<Values, TModel> random, Action<TModel, MessageBuilder> build,
        Func<TModel, string> text, Func<MessageReader, string> readText, int count = MessagesPerCase)
    {
        var values = new Values(seed);
        BothWays(type, Enumerable.Range(0, count).Select(_ => random(values)).ToArray(), firstSegmentWords, build, text, readText);
    }

    /// <summary>
    /// <paramref name="models"/> built in C# and decoded by capnp, and encoded by capnp and read in C#;
    /// with a one-word first segment, both sides spread each message over many segments (the reference
    /// tool with <c>--segment-size=1</c>, so C# follows the far pointers the reference builder writes).
    /// </summary>
    private static void BothWays<TModel>(
        string type, IReadOnlyList<TModel> models, int firstSegmentWords, Action<TModel, MessageBuilder> build,
        Func<TModel, string> text, Func<MessageReader, string> readText)
    {
        var expected = models.Select(text).ToArray();

        // C# -> capnp decode.
        byte[] built = Stream(models, build, firstSegmentWords);
        Assert.True(firstSegmentWords > 1 || MaxSegments(built) > 1, "A one-word first segment must spill into more segments.");
        Assert.Equal(expected, CapnpTool.Decode(Repository.NormalizedSchema, type, built));

        // capnp encode -> C#.
        byte[] encoded = CapnpTool.Encode(Repository.NormalizedSchema, type, expected, segmentWords: firstSegmentWords == 1 ? 1 : null);
        Assert.True(firstSegmentWords > 1 || MaxSegments(encoded) > 1, "capnp encode --segment-size=1 must write more segments.");
        var reader = new CapnpStreamReader(new MemoryStream(encoded));
        foreach (string line in expected)
        {
            Assert.True(reader.Read());
            Assert.Equal(line, readText(reader.Message));
        }

        Assert.False(reader.Read());

        // And C# reads its own multi-segment output.
        reader = new CapnpStreamReader(new MemoryStream(built));
        foreach (string line in expected)
        {
            Assert.True(reader.Read());
            Assert.Equal(line, readText(reader.Message));
        }
    }

    private static StatusModel StatusOf(Status status, LifecycleEvent @event, MarketStatus.Details.Which which, Result result) =>
        new("KXBTC", 1, 2, 3, status, @event, "event_type", which, 4, which == MarketStatus.Details.Which.Created ? 5 : 0,
            which == MarketStatus.Details.Which.Created ? "KXEVENT" : null, which == MarketStatus.Details.Which.Created ? "Title é" : null,
            which == MarketStatus.Details.Which.Paused, which == MarketStatus.Details.Which.Determined ? result : Result.Unknown,
            which == MarketStatus.Details.Which.Determined ? 10_000 : -1);

    private static int MaxSegments(byte[] stream)
    {
        var reader = new CapnpStreamReader(new MemoryStream(stream));
        int max = 0;
        while (reader.Read())
        {
            max = Math.Max(max, reader.Message.SegmentCount);
        }

        return max;
    }

    private static byte[] Stream<TModel>(IEnumerable<TModel> models, Action<TModel, MessageBuilder> build, int firstSegmentWords)
    {
        using var stream = new MemoryStream();
        var writer = new CapnpStreamWriter(stream);
        var builder = new MessageBuilder(firstSegmentWords);
        foreach (TModel model in models)
        {
            builder.Reset();
            build(model, builder);
            writer.Write(builder);
        }

        return stream.ToArray();
    }
}
