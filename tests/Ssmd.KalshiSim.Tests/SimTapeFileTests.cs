using System.IO.Compression;
using System.Text;
using Ssmd.KalshiSim.Replay;

namespace Ssmd.KalshiSim.Tests;

/// <summary>Damaged tapes: counted and skipped where they are damaged, never the end of the replay.</summary>
public sealed class SimTapeFileTests
{
    private static string Frame(string ticker, int seq, long ms) =>
        $$$"""{"type":"trade","sid":1,"seq":{{{seq}}},"msg":{"market_ticker":"{{{ticker}}}","trade_id":"t{{{seq}}}","yes_price_dollars":"0.5000","count_fp":"1.00","taker_outcome_side":"yes","ts_ms":{{{ms}}}}}""";

    [Fact]
    public void A_bad_line_and_a_cut_off_gzip_file_are_counted_and_the_other_frames_still_play()
    {
        var folder = Directory.CreateTempSubdirectory("ssmd-tape-").FullName;
        try
        {
            // A good capture with one line in neither shape in the middle.
            var good = new StringBuilder();
            for (var i = 1; i <= 100; i++)
            {
                good.Append("{\"recv_ms\":").Append(1_000 + i).Append(",\"event\":").Append(Frame("KXT-1", i, 1_000 + i)).Append("}\n");
                if (i == 50)
                    good.Append("not a tape line\n");
            }

            WriteGzip(Path.Combine(folder, "a.ndjson.gz"), Encoding.UTF8.GetBytes(good.ToString()));

            // A capture cut off in the middle of its compressed stream (still being written, or damaged).
            var whole = new MemoryStream();
            using (var gzip = new GZipStream(whole, CompressionLevel.Fastest, leaveOpen: true))
            {
                for (var i = 0; i < 20_000; i++)
                    gzip.Write(Encoding.UTF8.GetBytes($"{{\"recv_ms\":{5_000 + i},\"event\":{Frame("KXT-2", i, 5_000 + i)}}}\n"));
            }

            File.WriteAllBytes(Path.Combine(folder, "b.ndjson.gz"), whole.ToArray()[..(int)(whole.Length / 2)]);

            using var reader = new SimTapeReader(folder);
            var fromGood = 0;
            var fromCut = 0;
            while (reader.TryRead(out var frame))
            {
                if (Encoding.UTF8.GetString(frame.Data.Span).Contains("KXT-1", StringComparison.Ordinal))
                    fromGood++;
                else
                    fromCut++;
            }

            Assert.Equal(100, fromGood);
            Assert.InRange(fromCut, 1, 19_999);
            Assert.True(reader.BadLines >= 2, $"{reader.BadLines} bad lines counted: the bad line and the cut-off file");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteGzip(string path, byte[] bytes)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(bytes);
    }
}
