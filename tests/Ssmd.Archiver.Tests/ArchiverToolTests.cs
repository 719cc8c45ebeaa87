using System.Globalization;
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Parquet.Serialization;
using Ssmd.Archiver.Tools;
using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Capnp;
using Ssmd.Normalized;
using Ssmd.Storage;
using Ssmd.Streams;

namespace Ssmd.Archiver.Tests;

/// <summary>The <c>read</c> and <c>export</c> tool entry points give a filed day back: raw frames byte for byte, normalized events decoded or as Parquet.</summary>
public sealed class ArchiverToolTests
{
    // 2026-08-14 10:00:00 UTC in Unix ns.
    private const long At = 1_786_701_600_000_000_000;

    private const string Frame = """{"type":"trade","sid":3,"seq":7,"msg":{"market_ticker":"KXREAD-1","yes_price_dollars":"0.4575","count_fp":"12.50","ts":1786701600}}""";

    [Fact(Timeout = 90_000)]
    public async Task Read_gives_back_raw_frames_byte_for_byte_and_every_normalized_kind_decoded_with_exact_decimals_in_receive_order()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamWorld.StartAsync("read", ct);
        var world = rig.World;
        var archive = await ArchiveSampleDayAsync(rig, ct);

        var raw = new StringWriter();
        Assert.Equal(0, await ArchiverCommands.RunAsync(["read", "raw", "--day", "2026-08-14", "--environment", world.EnvironmentPath, "--archive", archive], raw));
        Assert.Equal($$"""{"ts":1786701600000,"type":"trade","data":{{Frame}}}""" + "\n", raw.ToString());
        // Run as a program, standard output is the data alone (logs go to standard error): it pipes into jq or a file.
        var piped = await ArchiveAssertions.ShellAsync(
            $"dotnet '{ArchiverProcess.DllPath}' read raw --day 2026-08-14 --environment '{world.EnvironmentPath}' --archive '{archive}' 2>/dev/null", ct);
        Assert.Equal(raw.ToString(), piped);
        // A malformed store connection string: one error line, exit 2, and the secret in it is not repeated.
        var refused = await ArchiveAssertions.ShellAsync(
            $"dotnet '{ArchiverProcess.DllPath}' read raw --day 2026-08-14 --environment '{world.EnvironmentPath}' --archive 'Endpoint=http://127.0.0.1:1;AccessKey=a;SecretKey=s3cr3t-value;Bogus=1' 2>&1; echo \"exit $?\"", ct);
        Assert.StartsWith("error: ConnectionStrings:archive is not a valid archive store connection string", refused, StringComparison.Ordinal);
        Assert.EndsWith("exit 2\n", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", refused, StringComparison.Ordinal);

        var normalized = new StringWriter();
        Assert.Equal(0, await ArchiverCommands.RunAsync(
            ["read", "normalized", "--day", "2026-08-14", "--ticker", "KXREAD-1", "--environment", world.EnvironmentPath, "--archive", archive], normalized));
        string[] expected =
        [
            """{"kind":"orderbook","ticker":"KXREAD-1","exchangeTime":0,"receiveTime":1786701600000000001,"sequence":1,"update":"snapshot","bids":[[0.44,100],[0.43,0.55]],"asks":[[0.4575,12.5]],"marketId":"m-1"}""",
            """{"kind":"orderbook","ticker":"KXREAD-1","exchangeTime":1786701600000000002,"receiveTime":1786701600000000003,"sequence":2,"update":"delta","side":"ask","price":0.4575,"delta":-2.5,"newSize":10,"marketId":"m-1"}""",
            """{"kind":"trade","ticker":"KXREAD-1","exchangeTime":1786701600000000000,"receiveTime":1786701600000000005,"sequence":7,"tradeId":"t-1","price":0.4575,"size":12.5,"takerSide":"no","isBlockTrade":false}""",
            """{"kind":"ticker","ticker":"KXREAD-1","exchangeTime":1786701600000000006,"receiveTime":1786701600000000007,"bidPrice":0.44,"bidSize":100,"askPrice":0.4575,"askSize":10,"lastPrice":0.4575,"lastTradeSize":12.5,"volume":1234.5,"openInterest":99,"dollarVolume":560,"dollarOpenInterest":45,"marketId":"m-1"}""",
            """{"kind":"status","ticker":"KXREAD-1","exchangeTime":1786701600000000008,"receiveTime":1786701600000000009,"sequence":11,"status":"determined","event":"determined","rawEventType":"determined","result":"yes","settlementValue":1,"determinationTime":1786701600000000008}""",
            """{"kind":"orderbook","ticker":"KXREAD-1","exchangeTime":0,"receiveTime":1786701600000000011,"sequence":12,"update":"snapshot","bids":[],"asks":[],"marketId":""}""",
        ];
        Assert.Equal(expected, normalized.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // The undecoded form stays available to programs that read Cap'n Proto themselves.
        var capnp = new StringWriter();
        Assert.Equal(0, await ArchiverCommands.RunAsync(
            ["read", "normalized", "--day", "2026-08-14", "--kind", "trade", "--format", "capnp", "--environment", world.EnvironmentPath, "--archive", archive], capnp));
        Assert.StartsWith("""{"kind":"trade","ticker":"KXREAD-1","receiveTime":1786701600000000005,"capnp":"AAAAA""", capnp.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task Export_writes_each_kind_of_a_day_to_a_parquet_file_with_exact_decimals_a_row_per_book_level_and_empty_books_kept()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamWorld.StartAsync("export", ct);
        var world = rig.World;
        var archive = await ArchiveSampleDayAsync(rig, ct);

        async Task<List<TRow>> ExportAsync<TRow>(string kind, string? ticker = null)
            where TRow : class, new()
        {
            var path = world.Path_($"{kind}-2026-08-14{ticker}.parquet");
            var output = new StringWriter();
            Assert.Equal(0, await ArchiverCommands.RunAsync(
                ["export", "--day", "2026-08-14", "--kind", kind, "--out", path, "--environment", world.EnvironmentPath, "--archive", archive, .. ticker is null ? Array.Empty<string>() : ["--ticker", ticker]],
                output));
            Assert.Contains($"rows of {kind}", output.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(path + ".partial"));
            await using var file = File.OpenRead(path);
            return [.. (await ParquetSerializer.DeserializeAsync<TRow>(file, cancellationToken: ct)).Data];
        }

        var book = await ExportAsync<BookRow>("orderbook");
        Assert.Equal(
        [
            "1 snapshot bid 0.4400 100.00 -", "1 snapshot bid 0.4300 0.55 -", "1 snapshot ask 0.4575 12.50 -",
            "3 delta ask 0.4575 10.00 -2.50",
            "11 snapshot - - 0.00 -",
        ], book.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.ReceiveTimeNs - At} {(r.IsSnapshot ? "snapshot" : "delta")} {r.Side ?? "-"} {r.Price?.ToString("F4", CultureInfo.InvariantCulture) ?? "-"} {r.Size:F2} {r.Delta?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"}")));

        // A long day goes out in several row groups (from 100,000 rows each; 2 here), read back as one table. A group
        // ends on an event's last row, so a snapshot's levels stay together: [3 snapshot levels], [delta, empty book].
        var grouped = world.Path_("grouped.parquet");
        await using (var file = new FileStream(grouped, FileMode.Create, FileAccess.ReadWrite))
        {
            var reader = new ArchiveReader(new FolderObjectStore(world.Path_("store")), world.Environment.Storage);
            Assert.Equal(5, await ParquetExport.WriteAsync(reader.ReadNormalizedAsync(new DateOnly(2026, 8, 14), [NormalizedKind.Orderbook], null, ct), NormalizedKind.Orderbook, file, ct, rowGroupRows: 2));
        }

        await using (var file = File.OpenRead(grouped))
        {
            await using var parquet = await Parquet.ParquetReader.CreateAsync(file, cancellationToken: ct);
            Assert.Equal(2, parquet.RowGroupCount);
        }

        await using (var file = File.OpenRead(grouped))
        {
            var again = (await ParquetSerializer.DeserializeAsync<BookRow>(file, cancellationToken: ct)).Data;
            Assert.Equal(book.Select(r => (r.ReceiveTimeNs, r.Side, r.Price, r.Size, r.Delta)), again.Select(r => (r.ReceiveTimeNs, r.Side, r.Price, r.Size, r.Delta)));
        }

        var trade = Assert.Single(await ExportAsync<TradeRow>("trade"));
        Assert.Equal(("KXREAD-1", "t-1", 0.4575m, 12.5m, "no", At, At + 5, 7L), (trade.Ticker, trade.TradeId, trade.Price, trade.Size, trade.TakerSide, trade.ExchangeTimeNs, trade.ReceiveTimeNs, trade.Sequence));

        // Another Parquet implementation (hyparquet, JavaScript, installed by scripts/install-prerequisites.sh) reads the same files.
        async Task<string[]> ReadElsewhereAsync(string kind) => (await ArchiveAssertions.ShellAsync(
            $"node tests/Ssmd.Archiver.Tests/Infrastructure/read-parquet.mjs '{world.Path_($"{kind}-2026-08-14.parquet")}' \"$(npm root -g)\"", ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["""{"ticker":"KXREAD-1","exchange_time_ns":"1786701600000000000","receive_time_ns":"1786701600000000005","sequence":"7","trade_id":"t-1","price":0.4575,"size":12.5,"taker_side":"no","is_block_trade":false}"""],
            await ReadElsewhereAsync("trade"));
        var elsewhere = await ReadElsewhereAsync("orderbook");
        Assert.Equal(5, elsewhere.Length);
        Assert.Equal("""{"ticker":"KXREAD-1","exchange_time_ns":"0","receive_time_ns":"1786701600000000011","sequence":"12","is_snapshot":true,"side":null,"price":null,"size":0,"delta":null}""", elsewhere[4]);

        var ticker = Assert.Single(await ExportAsync<TickerRow>("ticker"));
        Assert.Equal((0.44m, 100m, 0.4575m, 10m, 1234.5m, 99m, 560L, "m-1"), (ticker.BidPrice, ticker.BidSize, ticker.AskPrice, ticker.AskSize, ticker.Volume, ticker.OpenInterest, ticker.DollarVolume, ticker.MarketId));

        var status = Assert.Single(await ExportAsync<StatusRow>("status"));
        Assert.Equal(("determined", "determined", "yes", 1m, At + 8), (status.Status, status.Event, status.Result, status.SettlementValue, status.DeterminationTimeNs));
        Assert.Null(status.OpenTimeNs);
        Assert.Null(status.Paused);

        // Nothing of a filed day matches: an empty table. A day never filed in this store: an error, not an empty file.
        Assert.Empty(await ExportAsync<TradeRow>("trade", ticker: "KXNONE-1"));
        Assert.Equal(1, await ArchiverCommands.RunAsync(
            ["export", "--day", "2026-08-15", "--kind", "trade", "--out", world.Path_("never.parquet"), "--environment", world.EnvironmentPath, "--archive", archive], new StringWriter()));
        Assert.False(File.Exists(world.Path_("never.parquet")));
        Assert.Equal(2, await ArchiverCommands.RunAsync(
            ["export", "--day", "2026-08-14", "--kind", "books", "--out", world.Path_("bad.parquet"), "--environment", world.EnvironmentPath, "--archive", archive], new StringWriter()));

        // A damaged file: a clear error and no output file, not a stack trace (verify names the file).
        var store = new FolderObjectStore(world.Path_("store"));
        var tradeFile = store.PathOf(new ArchiveLayout(world.Environment.Storage).Normalized.Bucket,
            new ArchiveLayout(world.Environment.Storage).NormalizedKey(NormalizedKind.Trade, new DateOnly(2026, 8, 14), "KXREAD-1"));
        var bytes = await File.ReadAllBytesAsync(tradeFile, ct);
        for (var i = 12; i < bytes.Length - 4; i++)
            bytes[i] ^= 0x5A;
        await File.WriteAllBytesAsync(tradeFile, bytes, ct);
        Assert.Equal(1, await ArchiverCommands.RunAsync(
            ["export", "--day", "2026-08-14", "--kind", "trade", "--out", world.Path_("damaged.parquet"), "--environment", world.EnvironmentPath, "--archive", archive], new StringWriter()));
        Assert.False(File.Exists(world.Path_("damaged.parquet")));
    }

    // One market's day: a raw trade frame, and a snapshot, a delta, a trade, a ticker, a determination and an
    // emptied book as the connector would have normalized them; archived and flushed.
    private static async Task<string> ArchiveSampleDayAsync(StreamWorld rig, CancellationToken ct)
    {
        var (nats, world, _, jetStream) = rig;
        var root = world.Path_("store");
        var archive = new Uri(root + "/").AbsoluteUri;

        var builder = new MessageBuilder();
        await using (var archiver = await ArchiverHost.StartAsync(nats.Url, archive, world, world.Path_("work"), cancellationToken: ct))
        {
            await PublishAsync(jetStream, "kalshi.raw.trade", Encoding.UTF8.GetBytes(Frame), At + 5, ct);

            builder.Reset();
            var snapshot = OrderBookUpdate.InitRoot(builder).InitSnapshot();
            snapshot.SetTicker("KXREAD-1");
            snapshot.ReceiveTime = At + 1;
            snapshot.Sequence = 1;
            snapshot.SetMarketId("m-1");
            var bids = snapshot.InitBids(2);
            var (best, second) = (bids[0], bids[1]);
            (best.Price, best.Size, second.Price, second.Size) = (4400, 10_000, 4300, 55);
            var ask = snapshot.InitAsks(1)[0];
            (ask.Price, ask.Size) = (4575, 1_250);
            await PublishAsync(jetStream, "kalshi.orderbook.KXREAD-1", builder.ToArray(), At + 1, ct);

            builder.Reset();
            var delta = OrderBookUpdate.InitRoot(builder).InitDelta();
            delta.SetTicker("KXREAD-1");
            (delta.ExchangeTime, delta.ReceiveTime, delta.Sequence) = (At + 2, At + 3, 2);
            (delta.Side, delta.Price, delta.Delta, delta.NewSize) = (BookSide.Ask, 4575, -250, 1_000);
            delta.SetMarketId("m-1");
            await PublishAsync(jetStream, "kalshi.orderbook.KXREAD-1", builder.ToArray(), At + 3, ct);

            builder.Reset();
            var trade = Trade.InitRoot(builder);
            trade.SetTicker("KXREAD-1");
            (trade.ExchangeTime, trade.ReceiveTime, trade.Sequence) = (At, At + 5, 7);
            trade.SetTradeId("t-1");
            (trade.Price, trade.Size, trade.TakerSide) = (4575, 1_250, Side.No);
            await PublishAsync(jetStream, "kalshi.trade.KXREAD-1", builder.ToArray(), At + 5, ct);

            builder.Reset();
            var ticker = Ticker.InitRoot(builder);
            ticker.SetTicker("KXREAD-1");
            (ticker.ExchangeTime, ticker.ReceiveTime) = (At + 6, At + 7);
            (ticker.BidPrice, ticker.BidSize, ticker.AskPrice, ticker.AskSize) = (4400, 10_000, 4575, 1_000);
            (ticker.LastPrice, ticker.LastTradeSize, ticker.Volume, ticker.OpenInterest) = (4575, 1_250, 123_450, 99_00);
            (ticker.DollarVolume, ticker.DollarOpenInterest) = (560, 45);
            ticker.SetMarketId("m-1");
            await PublishAsync(jetStream, "kalshi.ticker.KXREAD-1", builder.ToArray(), At + 7, ct);

            builder.Reset();
            var status = MarketStatus.InitRoot(builder);
            status.SetTicker("KXREAD-1");
            (status.ExchangeTime, status.ReceiveTime, status.Sequence) = (At + 8, At + 9, 11);
            (status.Status, status.Event) = (Status.Determined, LifecycleEvent.Determined);
            status.SetRawEventType("determined");
            var determined = status.Details.InitDetermined();
            (determined.Result, determined.SettlementValue, determined.DeterminationTime) = (Result.Yes, 10_000, At + 8);
            await PublishAsync(jetStream, "kalshi.status.KXREAD-1", builder.ToArray(), At + 9, ct);

            // The book emptied: a snapshot with no level.
            builder.Reset();
            var empty = OrderBookUpdate.InitRoot(builder).InitSnapshot();
            empty.SetTicker("KXREAD-1");
            (empty.ReceiveTime, empty.Sequence) = (At + 11, 12);
            await PublishAsync(jetStream, "kalshi.orderbook.KXREAD-1", builder.ToArray(), At + 11, ct);

            var normalizedStream = world.Environment.Transport.Nats.NormalizedStream.Name;
            await Completion.FlushAllAsync(archiver.Flusher, jetStream,
                [(world.Environment.Transport.Nats.RawStream.Name, "ssmd-archiver-raw"), (normalizedStream, "ssmd-archiver-trade"), (normalizedStream, "ssmd-archiver-orderbook"),
                 (normalizedStream, "ssmd-archiver-ticker"), (normalizedStream, "ssmd-archiver-status")], ct);
        }

        return archive;
    }

    private static async Task PublishAsync(INatsJSContext jetStream, string subject, byte[] data, long receiveNs, CancellationToken ct)
    {
        var headers = new NatsHeaders();
        SsmdHeaders.WriteReceiveTime(headers, receiveNs);
        (await jetStream.PublishAsync(subject, data, headers: headers, cancellationToken: ct)).EnsureSuccess();
    }
}
