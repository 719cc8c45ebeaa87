using System.Diagnostics;
using System.Text.Json;
using Ssmd.Kalshi;
using Ssmd.Kalshi.Messages;
using Ssmd.KalshiSim.Model;

namespace Ssmd.KalshiSim.Replay;

/// <summary>
/// Feeds a recorded raw archive through the exchange at the recorded pace (or N times faster). Each
/// market-data frame's <c>msg</c> is served byte for byte in a fresh envelope (the simulator's own
/// sid/seq); books are kept so a client subscribing mid-replay gets a correct snapshot.
/// </summary>
internal sealed class SimReplay(SimExchange exchange, SimArchiveReader reader, double speed, bool loop) : IDisposable
{
    private SimArchiveFrame? pending;
    private long firstTs = -1;
    private long startTicks;
    private bool ended;

    public long Frames { get; private set; }

    public long Skipped { get; private set; }

    public bool Ended => ended;

    /// <summary>How many frames are due now (at most 64); restarts the pace after a pause.</summary>
    public int Due()
    {
        if (ended || !Peek(out var next))
        {
            return 0;
        }

        if (speed <= 0)
        {
            return 64;
        }

        if (firstTs < 0)
        {
            firstTs = next.TsMs;
            startTicks = Stopwatch.GetTimestamp();
        }

        var elapsedMs = Stopwatch.GetElapsedTime(startTicks).TotalMilliseconds * speed;
        return next.TsMs - firstTs <= elapsedMs ? 64 : 0;
    }

    /// <summary>Forget the pace (after a pause, frames resume from now rather than in a burst).</summary>
    public void ResetPace() => firstTs = -1;

    /// <summary>Converts up to <paramref name="count"/> due frames (caller holds the exchange lock).</summary>
    public void Take(int count, List<SimMessage> output)
    {
        for (var i = 0; i < count && Peek(out var frame); i++)
        {
            if (speed > 0 && i > 0 && frame.TsMs - firstTs > Stopwatch.GetElapsedTime(startTicks).TotalMilliseconds * speed)
            {
                return;
            }

            pending = null;
            Frames++;
            if (ToMessage(frame) is { } message)
            {
                output.Add(message);
            }
            else
            {
                Skipped++;
            }
        }
    }

    private bool Peek(out SimArchiveFrame frame)
    {
        if (pending is null)
        {
            if (reader.TryRead(out var next))
            {
                pending = next;
            }
            else if (loop && Frames > 0)
            {
                reader.Rewind();
                firstTs = -1;
                if (reader.TryRead(out next))
                {
                    pending = next;
                }
            }
        }

        if (pending is { } p)
        {
            frame = p;
            return true;
        }

        ended = true;
        frame = default;
        return false;
    }

    private SimMessage? ToMessage(SimArchiveFrame frame)
    {
        var channel = frame.Type switch
        {
            "orderbook_snapshot" or "orderbook_delta" => SimChannel.OrderbookDelta,
            "ticker" => SimChannel.Ticker,
            "trade" => SimChannel.Trade,
            "market_lifecycle_v2" or "event_lifecycle" => SimChannel.MarketLifecycle,
            _ => (SimChannel?)null,
        };
        if (channel is null)
        {
            // Replies and unknown types belonged to the recording session, not to the market.
            return null;
        }

        KalshiFrame parsed;
        try
        {
            parsed = KalshiFrameReader.Read(frame.Data.Span);
        }
        catch (KalshiProtocolException)
        {
            return null;
        }

        var body = MsgBytes(frame.Data.Span);
        if (body is null)
        {
            return null;
        }

        var type = System.Text.Encoding.UTF8.GetBytes(parsed.TypeName);
        SimMarket? market = null;
        byte[]? yesBody = null;
        switch (parsed.Message)
        {
            case KalshiOrderbookSnapshot s:
                market = exchange.ReplayMarket(s.MarketTicker, s.MarketId);
                market.Book.Replace(s.Yes, s.No);
                return exchange.SnapshotMessage(market);
            case KalshiOrderbookDelta d:
                market = exchange.ReplayMarket(d.MarketTicker, d.MarketId);
                if (d.Delta.Units < 0 && market.Book[d.Side].SizeAt(d.Price).Units < -d.Delta.Units)
                {
                    // The recording missed something (or this is a file cut out of a larger stream): keep the book sane.
                    market.Book[d.Side].Set(d.Price, KalshiSize.Zero);
                }
                else
                {
                    market.Book.Apply(d.Side, d.Price, d.Delta);
                }

                if (d.Side == KalshiSide.No)
                {
                    // Recorded without use_yes_price; YES-priced subscribers get the level in YES-leg terms.
                    yesBody = exchange.DeltaBody(market, d.Side, d.Price, d.Delta, d.TsMs ?? frame.TsMs, yesPrices: true);
                }

                break;
            case KalshiTicker t:
                market = exchange.ReplayMarket(t.MarketTicker, t.MarketId);
                break;
            case KalshiTrade t:
                market = exchange.ReplayMarket(t.MarketTicker, null);
                market.LastPrice = t.YesPrice;
                market.LastTradeSize = t.Count;
                market.Volume += t.Count;
                market.TradeCount++;
                break;
            case KalshiMarketLifecycle l:
                market = exchange.ReplayMarket(l.MarketTicker, null);
                break;
        }

        return new SimMessage(channel.Value, market, type, body) { YesBody = yesBody };
    }

    /// <summary>The raw bytes of the frame's <c>msg</c> value.</summary>
    private static byte[]? MsgBytes(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMsg = reader.ValueTextEquals("msg"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isMsg)
            {
                return data[start..(int)reader.BytesConsumed].ToArray();
            }
        }

        return null;
    }

    public void Dispose() => reader.Dispose();
}
