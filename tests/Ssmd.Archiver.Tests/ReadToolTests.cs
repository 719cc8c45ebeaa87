using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Capnp;
using Ssmd.Normalized;
using Ssmd.Streams;
using Ssmd.Testing;

namespace Ssmd.Archiver.Tests;

/// <summary>The <c>read</c> tool entry points give a filed day back: raw frames byte for byte, normalized events decoded.</summary>
public sealed class ReadToolTests
{
    // 2026-08-14 10:00:00 UTC in Unix ns.
    private const long At = 1_786_701_600_000_000_000;

    [Fact(Timeout = 90_000)]
    public async Task Read_gives_back_raw_frames_byte_for_byte_and_every_normalized_kind_decoded_with_exact_decimals_in_receive_order()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        using var world = new TestWorld("read");
        await using var connection = await nats.CreateConnectionAsync(ct);
        var jetStream = new NatsJSContext(connection);
        await SsmdStreams.EnsureAsync(jetStream, world.Environment, ct);
        var root = world.Path_("store");
        var archive = new Uri(root + "/").AbsoluteUri;

        const string Frame = """{"type":"trade","sid":3,"seq":7,"msg":{"market_ticker":"KXREAD-1","yes_price_dollars":"0.4575","count_fp":"12.50","ts":1786701600}}""";
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

            var normalizedStream = world.Environment.Transport.Nats.NormalizedStream.Name;
            await Completion.FlushAllAsync(archiver.Flusher, jetStream,
                [(world.Environment.Transport.Nats.RawStream.Name, "ssmd-archiver-raw"), (normalizedStream, "ssmd-archiver-trade"), (normalizedStream, "ssmd-archiver-orderbook"),
                 (normalizedStream, "ssmd-archiver-ticker"), (normalizedStream, "ssmd-archiver-status")], ct);
        }

        var raw = new StringWriter();
        Assert.Equal(0, await Tools.ArchiverCommands.RunAsync(["read", "raw", "--day", "2026-08-14", "--environment", world.EnvironmentPath, "--archive", archive], raw));
        Assert.Equal($$"""{"ts":1786701600000,"type":"trade","data":{{Frame}}}""" + "\n", raw.ToString());

        var normalized = new StringWriter();
        Assert.Equal(0, await Tools.ArchiverCommands.RunAsync(
            ["read", "normalized", "--day", "2026-08-14", "--ticker", "KXREAD-1", "--environment", world.EnvironmentPath, "--archive", archive], normalized));
        string[] expected =
        [
            """{"kind":"orderbook","ticker":"KXREAD-1","exchangeTime":0,"receiveTime":1786701600000000001,"sequence":1,"update":"snapshot","bids":[[0.44,100],[0.43,0.55]],"asks":[[0.4575,12.5]],"marketId":"m-1"}""",
            """{"kind":"orderbook","ticker":"KXREAD-1","exchangeTime":1786701600000000002,"receiveTime":1786701600000000003,"sequence":2,"update":"delta","side":"ask","price":0.4575,"delta":-2.5,"newSize":10,"marketId":"m-1"}""",
            """{"kind":"trade","ticker":"KXREAD-1","exchangeTime":1786701600000000000,"receiveTime":1786701600000000005,"sequence":7,"tradeId":"t-1","price":0.4575,"size":12.5,"takerSide":"no","isBlockTrade":false}""",
            """{"kind":"ticker","ticker":"KXREAD-1","exchangeTime":1786701600000000006,"receiveTime":1786701600000000007,"bidPrice":0.44,"bidSize":100,"askPrice":0.4575,"askSize":10,"lastPrice":0.4575,"lastTradeSize":12.5,"volume":1234.5,"openInterest":99,"dollarVolume":560,"dollarOpenInterest":45,"marketId":""}""",
            """{"kind":"status","ticker":"KXREAD-1","exchangeTime":1786701600000000008,"receiveTime":1786701600000000009,"sequence":11,"status":"determined","event":"determined","rawEventType":"determined","result":"yes","settlementValue":1,"determinationTime":1786701600000000008}""",
        ];
        Assert.Equal(expected, normalized.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // The undecoded form stays available to programs that read Cap'n Proto themselves.
        var capnp = new StringWriter();
        Assert.Equal(0, await Tools.ArchiverCommands.RunAsync(
            ["read", "normalized", "--day", "2026-08-14", "--kind", "trade", "--format", "capnp", "--environment", world.EnvironmentPath, "--archive", archive], capnp));
        Assert.StartsWith("""{"kind":"trade","ticker":"KXREAD-1","receiveTime":1786701600000000005,"capnp":"AAAAA""", capnp.ToString(), StringComparison.Ordinal);
    }

    private static async Task PublishAsync(INatsJSContext jetStream, string subject, byte[] data, long receiveNs, CancellationToken ct)
    {
        var headers = new NatsHeaders();
        SsmdHeaders.WriteReceiveTime(headers, receiveNs);
        (await jetStream.PublishAsync(subject, data, headers: headers, cancellationToken: ct)).EnsureSuccess();
    }
}
