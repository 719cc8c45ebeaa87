using System.Diagnostics;
using System.Globalization;
using Ssmd.Archiver.Tools;
using Ssmd.Environments;
using Ssmd.Storage;
using Ssmd.Streams;

namespace Ssmd.Archiver.Benchmarks;

/// <summary>
/// <c>--export</c>: after a run, the Parquet export of each normalized kind of the archived days, against reading
/// the same events back from the archive (decompress, merge by receive time) in the same run.
/// </summary>
internal static class ExportBench
{
    public static async Task RunAsync(string storeRoot, StorageDefinition storage, IReadOnlyList<DateOnly> days, string workFolder)
    {
        var inv = CultureInfo.InvariantCulture;
        var reader = new ArchiveReader(new FolderObjectStore(storeRoot), storage);
        Console.WriteLine();
        Console.WriteLine("Parquet export (archive → file), against reading the same events back (anchor):");
        Console.WriteLine(string.Create(inv, $"  {"kind",-10} {"events",10} {"read s",8} {"export s",9} {"x read",7} {"rows",10} {"rows/s",10} {"parquet B/event",16} {"archive B/event",16}"));
        foreach (var kind in new[] { NormalizedKind.Orderbook, NormalizedKind.Trade, NormalizedKind.Ticker, NormalizedKind.Status })
        {
            long events = 0;
            var read = Stopwatch.StartNew();
            foreach (var day in days)
            {
                await foreach (var _ in reader.ReadNormalizedAsync(day, [kind], null))
                    events++;
            }

            read.Stop();
            if (events == 0)
                continue;
            long rows = 0;
            long bytes = 0;
            var export = Stopwatch.StartNew();
            foreach (var day in days)
            {
                var path = Path.Combine(workFolder, $"{SsmdSubjects.KindToken(kind)}-{day:yyyyMMdd}.parquet");
                await using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite))
                    rows += await ParquetExport.WriteAsync(reader.ReadNormalizedAsync(day, [kind], null), kind, file, CancellationToken.None);
                bytes += new FileInfo(path).Length;
            }

            export.Stop();
            long archived = 0;
            foreach (var day in days)
                archived += (await reader.ReadManifestAsync(ArchiveKind.Normalized, day))?.Files.Where(f => f.Kind == SsmdSubjects.KindToken(kind)).Sum(f => f.Bytes) ?? 0;
            Console.WriteLine(string.Create(inv,
                $"  {SsmdSubjects.KindToken(kind),-10} {events,10:N0} {read.Elapsed.TotalSeconds,8:F2} {export.Elapsed.TotalSeconds,9:F2} {export.Elapsed / read.Elapsed,7:F2} {rows,10:N0} {rows / export.Elapsed.TotalSeconds,10:N0} {(double)bytes / events,16:F2} {(double)archived / events,16:F2}"));
        }
    }
}
