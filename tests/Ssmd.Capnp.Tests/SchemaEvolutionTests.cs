using Ssmd.Capnp.Tests.Models;
using Ssmd.Capnp.Tests.Support;
using Ssmd.Normalized;

namespace Ssmd.Capnp.Tests;

/// <summary>
/// Old and new schemas read each other's messages (capnproto.org/language.html#evolving-your-protocol):
/// a newer schema appends fields, an enumerant and a union member to schemas/ssmd.capnp, an older one
/// lacks the last fields of some structs; the reference tool encodes and decodes with those, the
/// generated C# of today's schema is the other side.
/// </summary>
public sealed class SchemaEvolutionTests : IDisposable
{
    private static readonly TradeModel Trade1 = new("KXBTC15M-26JUN101215-15", 1, 2, 3, "t-1", 4575, 1250, Side.No, true);

    private readonly string _folder = Directory.CreateTempSubdirectory("ssmd-evolution-").FullName;
    private readonly string _newer;
    private readonly string _older;

    public SchemaEvolutionTests()
    {
        string schema = File.ReadAllText(Repository.NormalizedSchema);

        string newer = AfterLine(schema, "  no @2;       # The NO outcome", "  future @3;  # Appended.");
        newer = AfterLine(newer, "  size @1 :Int64;   # Resting", "  orders @2 :Int32;  # Appended.\n  venue @3 :Text;  # Appended.");
        newer = AfterLine(newer, "  isBlockTrade @8 :Bool;", "  fee @9 :Int64;  # Appended.\n  venue @10 :Text;  # Appended.");
        newer = AfterLine(newer, "    delta @1 :OrderBookDelta;", "    trade @2 :Trade;  # Appended.");
        _newer = Write("newer", newer);

        string older = schema;
        foreach (string field in new[] { "  takerSide @7 :Side;", "  isBlockTrade @8 :Bool;", "  marketId @6 :Text;", "  size @1 :Int64;   # Resting" })
        {
            older = WithoutLine(older, field);
        }

        _older = Write("older", older);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Messages_of_a_newer_schema_read_in_todays_reader_with_what_it_appended_skipped()
    {
        byte[] stream = CapnpTool.Encode(_newer, "Trade", [Trade1.ToText()[..^1] + ", fee = 7, venue = \"v\")", "(takerSide = future, fee = 8)"]);
        var reader = new CapnpStreamReader(new MemoryStream(stream));
        Assert.True(reader.Read());
        Assert.Equal(Trade1, TradeModel.From(Trade.ReadRoot(reader.Message)));
        Assert.True(reader.Read());
        Assert.Equal((Side)3, Trade.ReadRoot(reader.Message).TakerSide); // an unknown enumerant is a value, not an error

        // Levels of three words and a pointer each: the composite list's tag gives the reader their size.
        string book = "(ticker = \"KX\", bids = [(price = 4575, size = 1250, orders = 3, venue = \"x\"), (price = 4574, size = 1)], asks = [])";
        SnapshotModel read = SnapshotModel.From(OrderBookSnapshot.ReadRoot(MessageReader.Read(CapnpTool.Encode(_newer, "OrderBookSnapshot", [book]))));
        Assert.Equal(new SnapshotModel("KX", 0, 0, 0, [new(4575, 1250), new(4574, 1)], [], null).ToText(), read.ToText());

        OrderBookUpdate.Reader update = OrderBookUpdate.ReadRoot(MessageReader.Read(CapnpTool.Encode(_newer, "OrderBookUpdate", ["(trade = (ticker = \"KX\"))"])));
        Assert.Equal((OrderBookUpdate.Which)2, update.Which); // an unknown union member is reported as such
    }

    [Fact]
    public void Messages_from_todays_writer_read_in_a_newer_schema_with_what_it_appended_at_its_defaults()
    {
        var builder = new MessageBuilder();
        Trade1.Build(Trade.InitRoot(builder));
        Assert.Equal([Trade1.ToText()[..^1] + ", fee = 0)"], CapnpTool.Decode(_newer, "Trade", builder.ToArray()));

        builder.Reset();
        new UpdateModel(new SnapshotModel("KX", 1, 2, 3, [new(4575, 1250)], [], "m"), null).Build(OrderBookUpdate.InitRoot(builder));
        Assert.Equal(
            ["(snapshot = (ticker = \"KX\", exchangeTime = 1, receiveTime = 2, sequence = 3, bids = [(price = 4575, size = 1250, orders = 0)], asks = [], marketId = \"m\"))"],
            CapnpTool.Decode(_newer, "OrderBookUpdate", builder.ToArray()));
    }

    [Fact]
    public void Messages_of_an_older_schema_read_in_todays_reader_with_the_missing_fields_at_their_defaults()
    {
        byte[] trade = CapnpTool.Encode(_older, "Trade", ["(ticker = \"KX\", sequence = 3, tradeId = \"t\", price = 4575, size = 1250)"]);
        Assert.Equal(new TradeModel("KX", 0, 0, 3, "t", 4575, 1250, Side.Unknown, false), TradeModel.From(Trade.ReadRoot(MessageReader.Read(trade))));

        // Levels of one word: the size beyond each element's data section reads as 0.
        byte[] book = CapnpTool.Encode(_older, "OrderBookSnapshot", ["(ticker = \"KX\", bids = [(price = 4575), (price = 4574)])"]);
        OrderBookSnapshot.Reader read = OrderBookSnapshot.ReadRoot(MessageReader.Read(book));
        Assert.Equal(new SnapshotModel("KX", 0, 0, 0, [new(4575, 0), new(4574, 0)], null, null).ToText(), SnapshotModel.From(read).ToText());
        Assert.False(read.HasMarketId);
    }

    [Fact]
    public void Messages_from_todays_writer_read_in_an_older_schema_without_the_fields_it_lacks()
    {
        var builder = new MessageBuilder();
        Trade1.Build(Trade.InitRoot(builder));
        Assert.Equal(
            ["(ticker = \"KXBTC15M-26JUN101215-15\", exchangeTime = 1, receiveTime = 2, sequence = 3, tradeId = \"t-1\", price = 4575, size = 1250)"],
            CapnpTool.Decode(_older, "Trade", builder.ToArray()));

        builder.Reset();
        new SnapshotModel("KX", 1, 2, 3, [new(4575, 1250)], [], "m").Build(OrderBookSnapshot.InitRoot(builder));
        Assert.Equal(
            ["(ticker = \"KX\", exchangeTime = 1, receiveTime = 2, sequence = 3, bids = [(price = 4575)], asks = [])"],
            CapnpTool.Decode(_older, "OrderBookSnapshot", builder.ToArray()));
    }

    private string Write(string name, string schema)
    {
        string folder = Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
        string path = Path.Combine(folder, "ssmd.capnp");
        File.WriteAllText(path, schema);
        return path;
    }

    private static string AfterLine(string schema, string anchor, string lines)
    {
        int at = schema.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(at >= 0 && schema.IndexOf(anchor, at + 1, StringComparison.Ordinal) < 0, $"'{anchor}' is not once in the schema.");
        int end = schema.IndexOf('\n', at);
        return schema[..(end + 1)] + lines + "\n" + schema[(end + 1)..];
    }

    private static string WithoutLine(string schema, string anchor)
    {
        int at = schema.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(at >= 0 && schema.IndexOf(anchor, at + 1, StringComparison.Ordinal) < 0, $"'{anchor}' is not once in the schema.");
        int start = schema.LastIndexOf('\n', at) + 1;
        return schema[..start] + schema[(schema.IndexOf('\n', at) + 1)..];
    }
}
