using System.Globalization;
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Ssmd.Capnp;
using Ssmd.Normalized;
using Ssmd.Streams;

namespace Ssmd.Archiver.Tests.Infrastructure;

/// <summary>
/// What the connector would publish, made up: frame <c>i</c> is a raw trade frame on <c>kalshi.raw.trade</c>
/// and its normalized <c>Trade</c> on <c>kalshi.trade.{ticker}</c>, both with <c>Nats-Msg-Id</c> and
/// <c>Ssmd-Receive-Time</c>, tickers round-robin (with a '.' in them, as real ones have), receive times
/// spread evenly over the span. Each frame names its index, so a test can find every one exactly once.
/// </summary>
public sealed class SyntheticFeed(int frames, int tickers, DateTimeOffset start, TimeSpan span)
{
    public int Frames => frames;

    public static string Ticker(int n) => string.Create(CultureInfo.InvariantCulture, $"KXTEST-26AUG-T{n}.5");

    public string TickerOf(int i) => Ticker(i % tickers);

    public long ReceiveNs(int i) => (start.UtcTicks - DateTime.UnixEpoch.Ticks) * 100 + (long)(span.Ticks * 100.0 * i / frames);

    public byte[] RawFrame(int i) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"{{\"type\":\"trade\",\"sid\":1,\"seq\":{i + 1},\"msg\":{{\"trade_id\":\"id-{i}\",\"market_ticker\":\"{TickerOf(i)}\",\"yes_price_dollars\":\"0.{i % 10000:D4}\",\"count_fp\":\"1.00\",\"taker_side\":\"yes\",\"ts\":{ReceiveNs(i) / 1_000_000_000}}}}}"));

    public byte[] Normalized(int i, MessageBuilder builder)
    {
        builder.Reset();
        var trade = Trade.InitRoot(builder);
        trade.SetTicker(TickerOf(i));
        trade.SetTradeId(string.Create(CultureInfo.InvariantCulture, $"id-{i}"));
        trade.ReceiveTime = ReceiveNs(i);
        trade.ExchangeTime = ReceiveNs(i) - 1_000_000;
        trade.Sequence = (ulong)i + 1;
        trade.Price = i % 10000;
        trade.Size = 100;
        return builder.ToArray();
    }

    /// <summary>Publishes frames [from, to): raw and normalized, many acks in flight.</summary>
    public async Task PublishAsync(INatsJSContext jetStream, int from, int to, CancellationToken cancellationToken, int inFlight = 2000)
    {
        var builder = new MessageBuilder();
        var pending = new List<Task>(inFlight * 2);
        for (var i = from; i < to; i++)
        {
            var headers = new NatsHeaders();
            SsmdHeaders.WriteReceiveTime(headers, ReceiveNs(i));
            pending.Add(jetStream.PublishAsync(SsmdSubjects.Raw("kalshi", "trade"), RawFrame(i), headers: headers,
                opts: new NatsJSPubOpts { MsgId = $"raw-{i}" }, cancellationToken: cancellationToken).AsTask().ContinueWith(t => t.Result.EnsureSuccess(), TaskScheduler.Default));
            pending.Add(jetStream.PublishAsync(SsmdSubjects.Normalized("kalshi", NormalizedKind.Trade, TickerOf(i)), Normalized(i, builder), headers: headers,
                opts: new NatsJSPubOpts { MsgId = $"trade:{i}" }, cancellationToken: cancellationToken).AsTask().ContinueWith(t => t.Result.EnsureSuccess(), TaskScheduler.Default));
            if (pending.Count >= inFlight)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    }

    /// <summary>The frame index a raw frame or a normalized trade names.</summary>
    public static int IndexOfRaw(ReadOnlySpan<byte> frame)
    {
        var at = frame.IndexOf("\"trade_id\":\"id-"u8) + 15;
        var end = frame[at..].IndexOf((byte)'"');
        return int.Parse(frame.Slice(at, end), CultureInfo.InvariantCulture);
    }

    public static int IndexOfTrade(byte[] message)
    {
        var trade = Trade.ReadRoot(MessageReader.Read(message));
        return int.Parse(trade.TradeId.ToString().AsSpan(3), CultureInfo.InvariantCulture);
    }
}
