using System.Diagnostics;
using System.Text.Json;
using Ssmd.Kalshi;
using Ssmd.Kalshi.Messages;
using Ssmd.KalshiSim.Model;

namespace Ssmd.KalshiSim.Replay;

/// <summary>
/// Feeds a recorded tape (<see cref="SimTapeReader"/>: ssmd raw archives or captures) through the exchange.
/// Each market-data frame's <c>msg</c> is served byte for byte in a fresh envelope with the simulator's own
/// sid/seq (the recording's are never forwarded); books are kept so a client subscribing mid-replay gets a
/// snapshot of the tape's state at that moment.
/// <para>
/// Pace is on the exchange clock: a frame's tape time is its <c>msg.ts_ms</c>, else its receive time, and
/// never goes back (the rule of the test suite's reference fold). <c>speed</c> 1 is the recorded pace, N is N
/// times faster, 0 is as fast as the clients read. A pause between frames longer than <c>maxGapMs</c> is cut
/// to that (a tape of several days then plays without its idle nights).
/// </para>
/// </summary>
internal sealed class SimReplay(SimExchange exchange, SimTapeReader reader, double speed, bool loop, long? maxGapMs = null) : IDisposable
{
    private readonly Dictionary<int, long> fileClocks = [];
    private Pending? pending;
    private long lastTape = long.MinValue;
    private long lastPaced;
    private long paceBase = -1;
    private long startTicks;
    private bool ended;

    /// <summary>
    /// A frame read ahead: parsed once, with its tape time over the whole tape, its tape time within its own
    /// file (the reference fold's clock, for <see cref="HoldAfterMs"/>) and its time on the (gap-capped) pace clock.
    /// </summary>
    private sealed record Pending(SimTapeFrame Frame, KalshiFrame? Parsed, long TapeMs, long FileTapeMs, long PacedMs);

    public long Frames { get; private set; }

    public long Skipped { get; private set; }

    public bool Ended => ended;

    /// <summary>Tape time (exchange ms) of the last frame served; <see cref="long.MinValue"/> before the first.</summary>
    public long TapeTimeMs { get; private set; } = long.MinValue;

    /// <summary>Files in the tape.</summary>
    public int Files => reader.Paths.Count;

    /// <summary>
    /// Serve no frame whose tape time within its file is later than this (unset = no hold): the tape
    /// stops at an exchange time so what clients hold can be compared with the fold of the files up to it.
    /// Set on the engine loop.
    /// </summary>
    public long? HoldAfterMs { get; set; }

    /// <summary>True when the next frame waits for <see cref="HoldAfterMs"/> to move.</summary>
    public bool Holding => pending is { } next && next.FileTapeMs > HoldAfterMs;

    /// <summary>Lines of the tape in neither layout.</summary>
    public long BadLines => reader.BadLines;

    /// <summary>How many frames are due now (at most 64); restarts the pace after a pause.</summary>
    public int Due()
    {
        if (ended || Peek() is not { } next || next.FileTapeMs > HoldAfterMs)
        {
            return 0;
        }

        if (speed <= 0)
        {
            return 64;
        }

        if (paceBase < 0)
        {
            paceBase = next.PacedMs;
            startTicks = Stopwatch.GetTimestamp();
        }

        return IsDue(next) ? 64 : 0;
    }

    /// <summary>Forget the pace (after a pause, frames resume from now rather than in a burst).</summary>
    public void ResetPace() => paceBase = -1;

    /// <summary>Converts up to <paramref name="count"/> due frames (caller holds the exchange lock).</summary>
    public void Take(int count, List<SimMessage> output)
    {
        for (var i = 0; i < count && Peek() is { } next; i++)
        {
            if ((speed > 0 && i > 0 && !IsDue(next)) || next.FileTapeMs > HoldAfterMs)
            {
                return;
            }

            pending = null;
            Frames++;
            TapeTimeMs = next.TapeMs;
            if (next.Parsed is { } parsed && ToMessage(next.Frame, parsed) is { } message)
            {
                output.Add(message);
            }
            else
            {
                Skipped++;
            }
        }
    }

    private bool IsDue(Pending next) =>
        paceBase >= 0 && next.PacedMs - paceBase <= Stopwatch.GetElapsedTime(startTicks).TotalMilliseconds * speed;

    private Pending? Peek()
    {
        if (pending is null)
        {
            if (reader.TryRead(out var frame))
            {
                pending = Load(frame);
            }
            else if (loop && Frames > 0)
            {
                reader.Rewind();
                lastTape = long.MinValue;
                fileClocks.Clear();
                if (reader.TryRead(out frame))
                {
                    pending = Load(frame);
                }
            }
        }

        ended = pending is null;
        return pending;
    }

    private Pending Load(SimTapeFrame frame)
    {
        KalshiFrame? parsed;
        try
        {
            parsed = KalshiFrameReader.Read(frame.Data.Span);
        }
        catch (KalshiProtocolException)
        {
            parsed = null;
        }

        var own = parsed?.Message switch
        {
            KalshiOrderbookDelta d => d.TsMs,
            KalshiTrade t => t.TsMs,
            KalshiTicker t => t.TsMs,
            _ => null,
        } ?? frame.ReceivedMs;
        var fileTape = Math.Max(fileClocks.GetValueOrDefault(frame.File, long.MinValue), own);
        fileClocks[frame.File] = fileTape;
        var tape = Math.Max(lastTape, own);
        var gap = lastTape == long.MinValue ? 0 : tape - lastTape;
        lastPaced += maxGapMs is { } cap ? Math.Min(gap, cap) : gap;
        lastTape = tape;
        return new Pending(frame, parsed, tape, fileTape, lastPaced);
    }

    private SimMessage? ToMessage(SimTapeFrame frame, KalshiFrame parsed)
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
                    yesBody = exchange.DeltaBody(market, d.Side, d.Price, d.Delta, d.TsMs ?? frame.ReceivedMs, yesPrices: true);
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
                exchange.ReplayTrade(market, t.TradeId, t.YesPrice, t.Count, t.TakerOutcomeSide ?? (t.TakerSide == "no" ? KalshiSide.No : KalshiSide.Yes), t.TsMs ?? (t.Ts * 1000) ?? frame.ReceivedMs);
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
