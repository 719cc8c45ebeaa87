using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Capnp;
using Ssmd.Normalized;
using Ssmd.Storage;
using Ssmd.Streams;
using ZstdSharp;

namespace Ssmd.Archiver.Tests;

/// <summary>A day with more files than <see cref="ArchiveReader.MaxOpenFiles"/> is merged in rounds through spill files.</summary>
public sealed class ArchiveMergeTests : IDisposable
{
    private static readonly DateOnly Day = new(2026, 8, 14);
    private const long At = 1_786_701_600_000_000_000;
    private readonly TestWorld _world = new("merge");

    [Fact(Timeout = 60_000)]
    public async Task Nine_files_read_two_at_a_time_come_out_in_receive_time_order_ties_in_ticker_order_and_leave_no_spill_file()
    {
        var (reader, spills) = await DayAsync(damaged: null);
        var events = new List<(long Time, string Ticker)>();
        await foreach (var e in reader.ReadNormalizedAsync(Day, cancellationToken: TestContext.Current.CancellationToken))
            events.Add((e.ReceiveTime, e.Ticker));

        Assert.Equal(9 * 50, events.Count);
        Assert.Equal(events.OrderBy(e => e.Time).ThenBy(e => e.Ticker, StringComparer.Ordinal), events);
        Assert.Empty(Directory.GetFiles(spills));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_damaged_file_in_a_later_merge_round_fails_the_read_and_leaves_no_spill_file_behind()
    {
        // Two files a group: T00+T01 and T02+T03 are spilled before T06 is opened.
        var (reader, spills) = await DayAsync(damaged: "T06");
        await Assert.ThrowsAnyAsync<ZstdException>(async () =>
        {
            await foreach (var _ in reader.ReadNormalizedAsync(Day, cancellationToken: TestContext.Current.CancellationToken))
            {
            }
        });
        Assert.Empty(Directory.GetFiles(spills));
    }

    public void Dispose() => _world.Dispose();

    /// <summary>Nine tickers' trade files, fifty trades each, ten ns apart, three tickers sharing each time.</summary>
    private async Task<(ArchiveReader Reader, string Spills)> DayAsync(string? damaged)
    {
        var store = new FolderObjectStore(_world.Path_("store"));
        var layout = new ArchiveLayout(_world.Environment.Storage);
        var builder = new MessageBuilder();
        for (var k = 0; k < 9; k++)
        {
            var ticker = $"T{k:D2}";
            using var messages = new MemoryStream();
            for (var i = 0; i < 50; i++)
            {
                builder.Reset();
                var trade = Trade.InitRoot(builder);
                trade.SetTicker(ticker);
                trade.SetTradeId($"{ticker}-{i}");
                trade.ReceiveTime = At + (i * 10) + (k % 3);
                messages.Write(builder.ToArray());
            }

            using var compressor = new Compressor();
            byte[] file = ticker == damaged ? [0x28, 0xB5, 0x2F, 0xFD, 1, 2, 3, 4, 5, 6, 7, 8, 9] : compressor.Wrap(messages.ToArray()).ToArray();
            await store.PutBytesAsync(layout.Normalized.Bucket, layout.NormalizedKey(NormalizedKind.Trade, Day, ticker), file, TestContext.Current.CancellationToken);
        }

        var spills = _world.Path_("spills");
        Directory.CreateDirectory(spills);
        return (new ArchiveReader(store, _world.Environment.Storage) { MaxOpenFiles = 2, TempFolder = spills }, spills);
    }
}
