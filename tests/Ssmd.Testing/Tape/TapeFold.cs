using System.IO.Compression;
using System.Text.Json;

namespace Ssmd.Testing.Tape;

/// <summary>
/// The reference fold of a recorded tape, written apart from ssmd's own parser and book so it can judge
/// them: each capture line is read with <see cref="JsonDocument"/>, a snapshot replaces the market's book,
/// a delta adds to one level (a level reaching zero goes away, one going below zero is an error in the
/// tape), a trade adds to the market's count, size and notional. Every number is an exact scaled integer.
/// <para>
/// Tape time: a frame's exchange time is its <c>msg.ts_ms</c>; a frame without one (snapshots) takes the
/// recorder's <c>recv_ms</c>; then, within one file, the time never goes back (a frame earlier than the one
/// before it takes that one's time). "The book at T" is the fold of every frame whose tape time is ≤ T.
/// The simulator's replay paces and orders frames by the same rule.
/// </para>
/// </summary>
public sealed class TapeFold
{
    private readonly Dictionary<string, TapeMarket> markets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> framesByType = new(StringComparer.Ordinal);

    /// <summary>Markets seen so far, by ticker.</summary>
    public IReadOnlyDictionary<string, TapeMarket> Markets => markets;

    /// <summary>Frames folded, by their <c>type</c> (every type is counted, even those that do not touch a book).</summary>
    public IReadOnlyDictionary<string, long> FramesByType => framesByType;

    /// <summary>Folds the capture files (<c>*.ndjson.gz</c> or plain <c>*.ndjson</c>), each up to tape time <paramref name="untilMs"/>.</summary>
    public static TapeFold Fold(IEnumerable<string> files, long untilMs = long.MaxValue)
    {
        var fold = new TapeFold();
        foreach (var file in files)
        {
            fold.FoldLines(ReadLines(file), untilMs);
        }

        return fold;
    }

    /// <summary>
    /// Folds one file's lines in order (one tape clock for them), up to tape time <paramref name="untilMs"/>;
    /// each line is a capture line <c>{"recv_ms":…,"event":{…}}</c> or a bare frame.
    /// </summary>
    public void FoldLines(IEnumerable<string> lines, long untilMs = long.MaxValue)
    {
        var clock = long.MinValue;
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var recvMs = root.TryGetProperty("recv_ms", out var r) ? r.GetInt64() : (long?)null;
            var frame = root.TryGetProperty("event", out var e) ? e : root;
            var msg = frame.TryGetProperty("msg", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
            var time = Math.Max(clock, TimeOf(msg, recvMs) ?? clock);
            if (time > untilMs)
            {
                return;
            }

            clock = time;
            try
            {
                Apply(frame.GetProperty("type").GetString()!, msg, time);
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"Tape line {number}: {ex.Message} ({line})", ex);
            }
        }
    }

    /// <summary>A frame's own exchange time: <c>msg.ts_ms</c>, else the recorder's receive time, else none.</summary>
    public static long? TimeOf(JsonElement msg, long? recvMs) =>
        msg.ValueKind == JsonValueKind.Object && msg.TryGetProperty("ts_ms", out var ts) && ts.ValueKind == JsonValueKind.Number
            ? ts.GetInt64()
            : recvMs;

    /// <summary>
    /// A tape time near <paramref name="fraction"/> of the files' span where their own clocks and the receive
    /// order cut the same way: every frame at or before it (by its file's clock) was received before every
    /// frame after it. A replay held there has served exactly the frames the fold up to it takes.
    /// </summary>
    public static long CleanCut(IEnumerable<string> files, double fraction) => CleanCuts(files, fraction)[0];

    /// <summary>
    /// <see cref="CleanCut"/> for several fractions, from one read of the files (a whole tape is read once,
    /// and each candidate time is checked in constant time against running maxima and minima).
    /// </summary>
    public static long[] CleanCuts(IEnumerable<string> files, params double[] fractions)
    {
        var frames = new List<(long FileTape, long Received)>();
        foreach (var file in files)
        {
            var clock = long.MinValue;
            foreach (var line in ReadLines(file))
            {
                using var doc = JsonDocument.Parse(line);
                var received = doc.RootElement.GetProperty("recv_ms").GetInt64();
                var frame = doc.RootElement.GetProperty("event");
                clock = Math.Max(clock, TimeOf(frame.TryGetProperty("msg", out var m) ? m : default, received) ?? clock);
                frames.Add((clock, received));
            }
        }

        // By tape time: times[k] is the k-th distinct time, latestBefore[k] the latest receive time of a frame
        // at or before it, earliestAfter[k] the earliest receive time of a frame after it.
        frames.Sort((a, b) => a.FileTape.CompareTo(b.FileTape));
        var times = new List<long>();
        var latestBefore = new List<long>();
        var latest = long.MinValue;
        for (var i = 0; i < frames.Count; i++)
        {
            latest = Math.Max(latest, frames[i].Received);
            if (i + 1 == frames.Count || frames[i + 1].FileTape != frames[i].FileTape)
            {
                times.Add(frames[i].FileTape);
                latestBefore.Add(latest);
            }
        }

        var earliestAfter = new long[times.Count];
        var earliest = long.MaxValue;
        var k = times.Count - 1;
        for (var i = frames.Count - 1; i >= 0 && k >= 0; i--)
        {
            while (k >= 0 && times[k] >= frames[i].FileTape)
            {
                earliestAfter[k--] = earliest;
            }

            earliest = Math.Min(earliest, frames[i].Received);
        }

        var cuts = new long[fractions.Length];
        for (var f = 0; f < fractions.Length; f++)
        {
            var found = false;
            for (var i = (int)(times.Count * fractions[f]); i < times.Count - 1 && !found; i++)
            {
                if (latestBefore[i] < earliestAfter[i])
                {
                    cuts[f] = times[i];
                    found = true;
                }
            }

            if (!found)
            {
                throw new InvalidOperationException($"No clean cut after {fractions[f]:P0} of the tape.");
            }
        }

        return cuts;
    }

    /// <summary>The lines of a capture file, gzip (<c>.gz</c>) or plain.</summary>
    public static IEnumerable<string> ReadLines(string path)
    {
        using var stream = path.EndsWith(".gz", StringComparison.Ordinal)
            ? (Stream)new GZipStream(File.OpenRead(path), CompressionMode.Decompress)
            : File.OpenRead(path);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private void Apply(string type, JsonElement msg, long time)
    {
        framesByType[type] = framesByType.GetValueOrDefault(type) + 1;
        switch (type)
        {
            case "orderbook_snapshot":
                {
                    var market = Market(msg, time);
                    market.Yes.Clear();
                    market.No.Clear();
                    Levels(msg, "yes", market.Yes);
                    Levels(msg, "no", market.No);
                    market.Snapshots++;
                    break;
                }

            case "orderbook_delta":
                {
                    var market = Market(msg, time);
                    var side = market.Side(msg.GetProperty("side").GetString()!);
                    var price = msg.TryGetProperty("price_dollars", out var p) ? TapeFixedPoint.Parse(p.GetString()!, 4) : msg.GetProperty("price").GetInt64() * 100;
                    var delta = msg.TryGetProperty("delta_fp", out var d) ? TapeFixedPoint.Parse(d.GetString()!, 2) : msg.GetProperty("delta").GetInt64() * 100;
                    var size = side.GetValueOrDefault(price) + delta;
                    if (size < 0)
                    {
                        throw new InvalidDataException(
                            $"{market.Ticker}: delta {TapeFixedPoint.Format(delta, 2)} at {TapeFixedPoint.Format(price, 4)} leaves {TapeFixedPoint.Format(size, 2)} contracts.");
                    }

                    if (size == 0)
                    {
                        side.Remove(price);
                    }
                    else
                    {
                        side[price] = size;
                    }

                    market.Deltas++;
                    break;
                }

            case "trade":
                {
                    var market = Market(msg, time);
                    var price = msg.TryGetProperty("yes_price_dollars", out var p) ? TapeFixedPoint.Parse(p.GetString()!, 4) : msg.GetProperty("yes_price").GetInt64() * 100;
                    var count = msg.TryGetProperty("count_fp", out var c) ? TapeFixedPoint.Parse(c.GetString()!, 2) : msg.GetProperty("count").GetInt64() * 100;
                    if (count <= 0 || price is < 0 or > 10_000)
                    {
                        throw new InvalidDataException($"{market.Ticker}: trade of {TapeFixedPoint.Format(count, 2)} at {TapeFixedPoint.Format(price, 4)}.");
                    }

                    market.Trades++;
                    market.TradedSize += count;
                    market.Notional += checked(price * count);
                    break;
                }
        }
    }

    private TapeMarket Market(JsonElement msg, long time)
    {
        var ticker = msg.GetProperty("market_ticker").GetString()!;
        if (!markets.TryGetValue(ticker, out var market))
        {
            market = new TapeMarket(ticker);
            markets[ticker] = market;
        }

        market.LastTimeMs = time;
        return market;
    }

    /// <summary>A snapshot side: <c>yes_dollars_fp</c> (today) or legacy <c>yes</c> (cents, counts); a missing key is an empty side.</summary>
    private static void Levels(JsonElement msg, string side, SortedDictionary<long, long> into)
    {
        if (msg.TryGetProperty(side + "_dollars_fp", out var levels))
        {
            foreach (var level in levels.EnumerateArray())
            {
                Set(into, TapeFixedPoint.Parse(level[0].GetString()!, 4), TapeFixedPoint.Parse(level[1].GetString()!, 2));
            }
        }
        else if (msg.TryGetProperty(side, out var legacy))
        {
            foreach (var level in legacy.EnumerateArray())
            {
                Set(into, level[0].GetInt64() * 100, level[1].GetInt64() * 100);
            }
        }
    }

    private static void Set(SortedDictionary<long, long> side, long price, long size)
    {
        if (size < 0)
        {
            throw new InvalidDataException($"Snapshot level {TapeFixedPoint.Format(price, 4)} has size {TapeFixedPoint.Format(size, 2)}.");
        }

        if (size == 0)
        {
            side.Remove(price);
        }
        else
        {
            side[price] = size;
        }
    }
}
