using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Ssmd.Capnp;
using Ssmd.Normalized;
using ZstdSharp;

namespace Ssmd.Archiver.Benchmarks;

/// <summary>
/// Where the compressed bytes go and what standard-format options would save (issue 6: normalized at most
/// half of raw per message). Each archive file's content (as the anchor builds it) is compressed in memory,
/// one zstd stream per file as the archiver writes them, under each option; the time is one core's.
/// Options keep the files standard: a zstd level (any zstd reads it), Cap'n Proto packed encoding inside
/// the zstd stream (<c>capnp decode --packed</c>). Diagnostics (not options: they drop or round data) say
/// what a field costs: orderbook deltas with the receive time cut to the millisecond, without marketId.
/// </summary>
internal static class SizeStudy
{
    public static void Run(IReadOnlyList<int> levels, IReadOnlyList<byte[]> rawFiles, IReadOnlyList<(string Kind, List<byte[]> Frames)> normalizedFiles, long rawMessages, long normalizedMessages)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv,
            $"size study (one core, in memory, one zstd stream per archive file; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}):"));
        Console.WriteLine(string.Create(inv, $"  {"option",-44} {"raw B/msg",10} {"norm B/msg",10} {"norm/raw",8} {"raw MB/s",9} {"norm MB/s",9}"));
        var rawInput = rawFiles.Sum(f => (long)f.Length);
        var normalized = normalizedFiles.Select(f => Concat(f.Frames)).ToList();
        var packed = normalizedFiles.Select(f => Concat(f.Frames.Select(Pack))).ToList();
        var normInput = normalized.Sum(f => (long)f.Length);
        var packedInput = packed.Sum(f => (long)f.Length);
        Console.WriteLine(string.Create(inv,
            $"  (before compression: raw {rawInput / (double)rawMessages:F1} B/msg JSONL, normalized {normInput / (double)normalizedMessages:F1} B/msg Cap'n Proto, packed {packedInput / (double)normalizedMessages:F1} B/msg)"));
        foreach (var level in levels)
        {
            var (rawBytes, rawTime) = Compress(rawFiles, level);
            var (normBytes, normTime) = Compress(normalized, level);
            var (packBytes, packTime) = Compress(packed, level);
            Line($"zstd-{level}", rawBytes, rawTime, rawInput, normBytes, normTime, normInput);
            Line($"zstd-{level}, normalized Cap'n Proto packed", rawBytes, rawTime, rawInput, packBytes, packTime, normInput);
        }

        // Diagnostics on the orderbook files: what one field costs after zstd-3.
        var books = normalizedFiles.Where(f => f.Kind == "orderbook").ToList();
        if (books.Count > 0)
        {
            var bookMessages = books.Sum(f => f.Frames.Count);
            long Size(Func<byte[], byte[]> edit) => Compress(books.Select(f => Concat(f.Frames.Select(edit))).ToList(), 3).Bytes;
            var baseline = Size(f => f);
            Console.WriteLine(string.Create(inv, $"  orderbook files, zstd-3, {bookMessages:N0} messages: as written {baseline / (double)bookMessages:F2} B/msg; diagnostics (not options):"));
            foreach (var (name, edit) in new (string, Func<byte[], byte[]>)[]
            {
                ("receiveTime cut to the ms", f => Rebuild(f, roundReceive: true, dropMarketId: false, dropTicker: false, zeroSequence: false)),
                ("receiveTime cut to the ms, packed", f => Pack(Rebuild(f, roundReceive: true, dropMarketId: false, dropTicker: false, zeroSequence: false))),
                ("no marketId", f => Rebuild(f, roundReceive: false, dropMarketId: true, dropTicker: false, zeroSequence: false)),
                ("no ticker", f => Rebuild(f, roundReceive: false, dropMarketId: false, dropTicker: true, zeroSequence: false)),
                ("no sequence", f => Rebuild(f, roundReceive: false, dropMarketId: false, dropTicker: false, zeroSequence: true)),
                ("rebuilt unchanged (check)", f => Rebuild(f, roundReceive: false, dropMarketId: false, dropTicker: false, zeroSequence: false)),
            })
            {
                var size = Size(edit);
                Console.WriteLine(string.Create(inv, $"    {name,-40} {size / (double)bookMessages,8:F2} B/msg ({(size - baseline) / (double)bookMessages:+0.00;-0.00} B/msg)"));
            }
        }

        void Line(string name, long rawBytes, TimeSpan rawTime, long rawIn, long normBytes, TimeSpan normTime, long normIn)
        {
            var raw = rawBytes / (double)rawMessages;
            var norm = normBytes / (double)normalizedMessages;
            Console.WriteLine(string.Create(inv,
                $"  {name,-44} {raw,10:F2} {norm,10:F2} {norm / raw,8:F3} {rawIn / 1e6 / rawTime.TotalSeconds,9:F1} {normIn / 1e6 / normTime.TotalSeconds,9:F1}"));
        }
    }

    private static (long Bytes, TimeSpan Time) Compress(IReadOnlyList<byte[]> files, int level)
    {
        using var compressor = new Compressor(level);
        long total = 0;
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
            total += compressor.Wrap(file).Length;
        return (total, clock.Elapsed);
    }

    private static byte[] Concat(IEnumerable<byte[]> frames)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var frame in frames)
            output.Write(frame);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Cap'n Proto packed encoding (the spec's: a tag byte of nonzero bytes per word; zero-word and verbatim runs).</summary>
    public static byte[] Pack(byte[] message)
    {
        if (message.Length % 8 != 0)
            throw new InvalidDataException("a framed Cap'n Proto message is whole words");
        var output = new List<byte>(message.Length);
        var words = message.Length / 8;
        for (var w = 0; w < words;)
        {
            var word = message.AsSpan(w * 8, 8);
            byte tag = 0;
            for (var b = 0; b < 8; b++)
            {
                if (word[b] != 0)
                    tag |= (byte)(1 << b);
            }

            output.Add(tag);
            for (var b = 0; b < 8; b++)
            {
                if (word[b] != 0)
                    output.Add(word[b]);
            }

            w++;
            if (tag == 0)
            {
                var run = 0;
                while (run < 255 && w + run < words && message.AsSpan((w + run) * 8, 8).IndexOfAnyExcept((byte)0) < 0)
                    run++;
                output.Add((byte)run);
                w += run;
            }
            else if (tag == 0xFF)
            {
                // Following words with at most one zero byte go verbatim (what the reference packer does).
                var run = 0;
                while (run < 255 && w + run < words && message.AsSpan((w + run) * 8, 8).Count((byte)0) <= 1)
                    run++;
                output.Add((byte)run);
                output.AddRange(message.AsSpan(w * 8, run * 8));
                w += run;
            }
        }

        return [.. output];
    }

    // An orderbook delta rebuilt with one field changed; anything else comes back as it was.
    private static byte[] Rebuild(byte[] frame, bool roundReceive, bool dropMarketId, bool dropTicker, bool zeroSequence)
    {
        var update = OrderBookUpdate.ReadRoot(MessageReader.Read(frame));
        if (update.Which != OrderBookUpdate.Which.Delta)
            return frame;
        var d = update.Delta;
        var builder = new MessageBuilder();
        var e = OrderBookUpdate.InitRoot(builder).InitDelta();
        if (!dropTicker)
            e.SetTicker(d.Ticker.Span);
        e.ExchangeTime = d.ExchangeTime;
        e.ReceiveTime = roundReceive ? d.ReceiveTime / 1_000_000 * 1_000_000 : d.ReceiveTime;
        e.Sequence = zeroSequence ? 0 : d.Sequence;
        e.Side = d.Side;
        e.Price = d.Price;
        e.Delta = d.Delta;
        e.NewSize = d.NewSize;
        if (!dropMarketId && d.HasMarketId)
            e.SetMarketId(d.MarketId.Span);
        return builder.ToArray();
    }
}
