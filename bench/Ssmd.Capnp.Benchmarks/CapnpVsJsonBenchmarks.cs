using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Ssmd.Normalized;

namespace Ssmd.Capnp.Benchmarks;

/// <summary>
/// Per message: build and serialize one trade / one 10-level snapshot, and read every field back,
/// in Cap'n Proto (reused builder and reader) and in System.Text.Json (source-generated, reused
/// writer) — the JSON method of each category is the baseline the ratios refer to.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class CapnpVsJsonBenchmarks
{
    private readonly MessageBuilder _builder = new();
    private readonly MessageReader _reader = new();
    private readonly byte[] _output = new byte[4096];
    private readonly ArrayBufferWriter<byte> _jsonOutput = new(4096);
    private Utf8JsonWriter _jsonWriter = null!;
    private byte[] _tradeCapnp = null!;
    private byte[] _bookCapnp = null!;
    private byte[] _tradeJson = null!;
    private byte[] _bookJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        _jsonWriter = new Utf8JsonWriter(_jsonOutput);
        _tradeCapnp = _output.AsSpan(0, EncodeTradeCapnp()).ToArray();
        _bookCapnp = _output.AsSpan(0, EncodeBookCapnp()).ToArray();
        _tradeJson = JsonSerializer.SerializeToUtf8Bytes(Samples.Trade, BenchJsonContext.Default.TradeRecord);
        _bookJson = JsonSerializer.SerializeToUtf8Bytes(Samples.Book, BenchJsonContext.Default.BookRecord);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Trade encode")]
    public int EncodeTradeJson()
    {
        _jsonOutput.ResetWrittenCount();
        _jsonWriter.Reset();
        JsonSerializer.Serialize(_jsonWriter, Samples.Trade, BenchJsonContext.Default.TradeRecord);
        return _jsonOutput.WrittenCount;
    }

    [Benchmark]
    [BenchmarkCategory("Trade encode")]
    public int EncodeTradeCapnp()
    {
        TradeRecord t = Samples.Trade;
        _builder.Reset();
        Trade.Builder trade = Trade.InitRoot(_builder);
        trade.SetTicker(t.Ticker);
        trade.ExchangeTime = t.ExchangeTime;
        trade.ReceiveTime = t.ReceiveTime;
        trade.Sequence = t.Sequence;
        trade.SetTradeId(t.TradeId);
        trade.Price = t.Price;
        trade.Size = t.Size;
        trade.TakerSide = (Side)t.TakerSide;
        trade.IsBlockTrade = t.IsBlockTrade;
        return _builder.WriteTo(_output);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Book encode")]
    public int EncodeBookJson()
    {
        _jsonOutput.ResetWrittenCount();
        _jsonWriter.Reset();
        JsonSerializer.Serialize(_jsonWriter, Samples.Book, BenchJsonContext.Default.BookRecord);
        return _jsonOutput.WrittenCount;
    }

    [Benchmark]
    [BenchmarkCategory("Book encode")]
    public int EncodeBookCapnp()
    {
        BookRecord b = Samples.Book;
        _builder.Reset();
        OrderBookSnapshot.Builder book = OrderBookSnapshot.InitRoot(_builder);
        book.SetTicker(b.Ticker);
        book.ExchangeTime = b.ExchangeTime;
        book.ReceiveTime = b.ReceiveTime;
        book.Sequence = b.Sequence;
        Fill(book.InitBids(b.Bids.Length), b.Bids);
        Fill(book.InitAsks(b.Asks.Length), b.Asks);
        book.SetMarketId(b.MarketId);
        return _builder.WriteTo(_output);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Trade decode")]
    public long DecodeTradeJson()
    {
        TradeRecord t = JsonSerializer.Deserialize(_tradeJson, BenchJsonContext.Default.TradeRecord)!;
        return t.Ticker.Length + t.ExchangeTime + t.ReceiveTime + (long)t.Sequence + t.TradeId.Length + t.Price + t.Size + t.TakerSide + (t.IsBlockTrade ? 1 : 0);
    }

    [Benchmark]
    [BenchmarkCategory("Trade decode")]
    public long DecodeTradeCapnp()
    {
        _reader.Load(_tradeCapnp);
        Trade.Reader t = Trade.ReadRoot(_reader);
        return t.Ticker.Length + t.ExchangeTime + t.ReceiveTime + (long)t.Sequence + t.TradeId.Length + t.Price + t.Size + (long)t.TakerSide + (t.IsBlockTrade ? 1 : 0);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Book decode")]
    public long DecodeBookJson()
    {
        BookRecord b = JsonSerializer.Deserialize(_bookJson, BenchJsonContext.Default.BookRecord)!;
        long sum = b.Ticker.Length + b.ExchangeTime + b.ReceiveTime + (long)b.Sequence + b.MarketId.Length;
        foreach (LevelRecord level in b.Bids)
        {
            sum += level.Price + level.Size;
        }

        foreach (LevelRecord level in b.Asks)
        {
            sum += level.Price + level.Size;
        }

        return sum;
    }

    [Benchmark]
    [BenchmarkCategory("Book decode")]
    public long DecodeBookCapnp()
    {
        _reader.Load(_bookCapnp);
        OrderBookSnapshot.Reader b = OrderBookSnapshot.ReadRoot(_reader);
        long sum = b.Ticker.Length + b.ExchangeTime + b.ReceiveTime + (long)b.Sequence + b.MarketId.Length;
        foreach (Level.Reader level in b.Bids)
        {
            sum += level.Price + level.Size;
        }

        foreach (Level.Reader level in b.Asks)
        {
            sum += level.Price + level.Size;
        }

        return sum;
    }

    private static void Fill(StructListBuilder<Level.Builder> levels, LevelRecord[] source)
    {
        for (int i = 0; i < source.Length; i++)
        {
            Level.Builder level = levels[i];
            level.Price = source[i].Price;
            level.Size = source[i].Size;
        }
    }
}
