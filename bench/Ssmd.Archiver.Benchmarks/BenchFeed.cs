using System.Buffers;
using System.Globalization;
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Ssmd.Capnp;
using Ssmd.Normalized;
using Ssmd.Storage;
using Ssmd.Streams;
using ZstdSharp;

namespace Ssmd.Archiver.Benchmarks;

/// <summary>Kalshi-shaped trade frames and their normalized trades, over one hour of one day.</summary>
internal sealed class BenchFeed(int frames, int tickers)
{
    private static readonly DateTimeOffset Start = new(2026, 8, 14, 14, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<DateOnly> Days { get; } = [DateOnly.FromDateTime(Start.UtcDateTime)];

    public long RawLineBytes { get; private set; }

    public long NormalizedBytes { get; private set; }

    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Ssmd.slnx")))
                return folder.FullName;
        }

        throw new DirectoryNotFoundException("No Ssmd.slnx above " + AppContext.BaseDirectory);
    }

    private string Ticker(int i) => string.Create(CultureInfo.InvariantCulture, $"KXBENCH-26AUG14-T{i % tickers}.5");

    private long ReceiveNs(int i) => (Start.UtcTicks - DateTime.UnixEpoch.Ticks) * 100 + (long)(36e11 * i / frames);

    private byte[] Raw(int i) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"{{\"type\":\"trade\",\"sid\":1,\"seq\":{i + 1},\"msg\":{{\"trade_id\":\"{Guid.NewGuid()}\",\"market_ticker\":\"{Ticker(i)}\",\"yes_price_dollars\":\"0.{(i * 37) % 10000:D4}\",\"no_price_dollars\":\"0.{10000 - (i * 37) % 10000:D4}\",\"count_fp\":\"{i % 50 + 1}.00\",\"taker_side\":\"{(i % 2 == 0 ? "yes" : "no")}\",\"ts\":{ReceiveNs(i) / 1_000_000_000}}}}}"));

    private byte[] Normalized(int i, MessageBuilder builder)
    {
        builder.Reset();
        var trade = Trade.InitRoot(builder);
        trade.SetTicker(Ticker(i));
        trade.SetTradeId(Guid.NewGuid().ToString());
        trade.ReceiveTime = ReceiveNs(i);
        trade.ExchangeTime = ReceiveNs(i) / 1_000_000_000 * 1_000_000_000;
        trade.Sequence = (ulong)i + 1;
        trade.Price = (i * 37) % 10000;
        trade.Size = (i % 50 + 1) * 100;
        trade.TakerSide = i % 2 == 0 ? Side.Yes : Side.No;
        return builder.ToArray();
    }

    private readonly List<(byte[] Raw, byte[] Normalized, long Ns, string Ticker)> _made = [];

    public async Task PublishAsync(INatsJSContext jetStream)
    {
        var builder = new MessageBuilder();
        var pending = new List<Task>();
        for (var i = 0; i < frames; i++)
        {
            var (raw, normalized) = (Raw(i), Normalized(i, builder));
            _made.Add((raw, normalized, ReceiveNs(i), Ticker(i)));
            var headers = new NatsHeaders();
            SsmdHeaders.WriteReceiveTime(headers, ReceiveNs(i));
            pending.Add(jetStream.PublishAsync(SsmdSubjects.Raw("kalshi", "trade"), raw, headers: headers, opts: new NatsJSPubOpts { MsgId = $"r{i}" }).AsTask());
            pending.Add(jetStream.PublishAsync(SsmdSubjects.Normalized("kalshi", NormalizedKind.Trade, Ticker(i)), normalized, headers: headers, opts: new NatsJSPubOpts { MsgId = $"n{i}" }).AsTask());
            if (pending.Count >= 4000)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    }

    /// <summary>The anchor: the archive's bytes (JSONL lines; Cap'n Proto frames per ticker) zstd-compressed at <paramref name="level"/> and written.</summary>
    public async Task<(long Raw, long Normalized)> CompressAndWriteAsync(string folder, int level)
    {
        RawLineBytes = 0;
        NormalizedBytes = 0;
        Directory.CreateDirectory(folder);
        var type = RawArchiveFormat.EncodeType("trade");
        var lines = new ArrayBufferWriter<byte>();
        foreach (var (raw, _, ns, _) in _made)
            RawArchiveFormat.WriteLine(lines, ns / 1_000_000, type, raw);
        RawLineBytes = lines.WrittenCount;
        var rawSize = await CompressAsync(Path.Combine(folder, "raw.zst"), [lines.WrittenMemory], level);
        long normalizedSize = 0;
        foreach (var group in _made.GroupBy(m => m.Ticker))
        {
            normalizedSize += await CompressAsync(Path.Combine(folder, group.Key + ".zst"), [.. group.Select(m => (ReadOnlyMemory<byte>)m.Normalized)], level);
            NormalizedBytes += group.Sum(m => m.Normalized.Length);
        }

        return (rawSize, normalizedSize);
    }

    /// <summary>What the raw archive file holds before compression (one hour: one file of JSONL lines).</summary>
    public List<byte[]> RawFileContents()
    {
        var type = RawArchiveFormat.EncodeType("trade");
        var lines = new ArrayBufferWriter<byte>();
        foreach (var (raw, _, ns, _) in _made)
            RawArchiveFormat.WriteLine(lines, ns / 1_000_000, type, raw);
        return [lines.WrittenSpan.ToArray()];
    }

    /// <summary>What each normalized archive file holds (its Cap'n Proto frames, per ticker).</summary>
    public List<(string Kind, List<byte[]> Frames)> NormalizedFileContents() =>
        [.. _made.GroupBy(m => m.Ticker).Select(g => ("trade", g.Select(m => m.Normalized).ToList()))];

    /// <summary>Compresses <paramref name="chunks"/> into one zstd file at <paramref name="path"/>, fsynced; returns its size.</summary>
    public static async Task<long> CompressAsync(string path, IEnumerable<ReadOnlyMemory<byte>> chunks, int level)
    {
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            await using (var zstd = new CompressionStream(file, level, leaveOpen: true))
            {
                foreach (var chunk in chunks)
                    await zstd.WriteAsync(chunk);
            }

            file.Flush(flushToDisk: true);
            return file.Length;
        }
    }
}
