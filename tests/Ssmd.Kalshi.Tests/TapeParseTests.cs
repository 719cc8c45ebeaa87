using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Ssmd.Kalshi.Messages;

namespace Ssmd.Kalshi.Tests;

/// <summary>
/// Every real frame in <c>shared/kalshi/fixtures</c> and <c>shared/kalshi/captures</c> goes through
/// <see cref="KalshiFrameReader"/>; the counts per type must equal an independent count of the files (a
/// plain text scan of the <c>"type"</c> field), and nothing may come out unknown or malformed except the
/// frames listed here.
/// </summary>
public sealed class TapeParseTests
{
    /// <summary>
    /// What truly is unknown in the real data: "type/malformed", "type/unknown type" and "type/no message"
    /// count frames, "type/unknown fields" counts fields the reader skipped. No frame is malformed or of an
    /// unknown type; these fields are real but not modelled by ssmd.
    /// </summary>
    private static readonly Dictionary<string, long> KnownOddities = new(StringComparer.Ordinal)
    {
        // Tickers quoted in aaronwald/ssmd tests: "Clock" (4 frames), and in one of them the quoting
        // recorder's "_shard_id" plus "no_bid_dollars"/"no_ask_dollars", which Kalshi's ticker does not define.
        ["ticker/unknown fields"] = 7,

        // mxgordon/kalshi-rust lifecycle frames: additional_metadata's "custom_strike" and "floor_strike".
        ["market_lifecycle_v2/unknown fields"] = 2,
    };

    [Fact]
    public void Every_real_frame_in_fixtures_and_captures_parses_and_the_counts_per_type_equal_the_files()
    {
        var started = Stopwatch.GetTimestamp();
        var files = Directory.GetFiles(Path.Combine(KalshiFixtures.Root, "fixtures"), "*.ndjson")
            .Concat(Directory.GetFiles(Path.Combine(KalshiFixtures.Root, "captures"), "*.ndjson.gz", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count >= 7 + 15, $"only {files.Count} files");

        var byReader = new Dictionary<string, long>(StringComparer.Ordinal);
        var byScan = new Dictionary<string, long>(StringComparer.Ordinal);
        var oddities = new Dictionary<string, long>(StringComparer.Ordinal);
        var gold = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var isGold = file.Contains($"{Path.DirectorySeparatorChar}gold15m{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
            foreach (var line in Lines(file))
            {
                var frame = Unwrap(line);
                var scanned = ScanType(line);
                Increment(byScan, scanned);
                if (isGold)
                {
                    Increment(gold, scanned);
                }

                KalshiFrame parsed;
                try
                {
                    parsed = KalshiFrameReader.Read(frame.Span);
                }
                catch (KalshiProtocolException e)
                {
                    Increment(oddities, $"{e.FrameType}/malformed");
                    continue;
                }

                Increment(byReader, parsed.TypeName);
                if (parsed.Type == KalshiMessageType.Unknown)
                {
                    Increment(oddities, $"{parsed.TypeName}/unknown type");
                }
                else if (parsed.Message is null && parsed.Type != KalshiMessageType.Unsubscribed)
                {
                    Increment(oddities, $"{parsed.TypeName}/no message");
                }

                if (parsed.UnknownFields > 0)
                {
                    oddities[$"{parsed.TypeName}/unknown fields"] = oddities.GetValueOrDefault($"{parsed.TypeName}/unknown fields") + parsed.UnknownFields;
                }
            }
        }

        Assert.Equal(byScan.OrderBy(p => p.Key, StringComparer.Ordinal), byReader.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(KnownOddities.OrderBy(p => p.Key, StringComparer.Ordinal), oddities.OrderBy(p => p.Key, StringComparer.Ordinal));

        // The capture's own figures (captures/gold15m/README.md).
        Assert.Equal(735_695, gold["orderbook_delta"]);
        Assert.Equal(20_038, gold["trade"]);
        Assert.Equal(34, gold["orderbook_snapshot"]);
        Assert.Equal(755_767, gold.Values.Sum());
        TestContext.Current.SendDiagnosticMessage(
            $"{byScan.Values.Sum():N0} frames in {files.Count} files in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: " +
            string.Join(", ", byScan.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}")));
    }

    private static void Increment(Dictionary<string, long> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>The non-empty lines of a file, gzip or plain, as UTF-8 bytes.</summary>
    private static IEnumerable<byte[]> Lines(string path)
    {
        using var stream = path.EndsWith(".gz", StringComparison.Ordinal)
            ? (Stream)new GZipStream(File.OpenRead(path), CompressionMode.Decompress)
            : File.OpenRead(path);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return Encoding.UTF8.GetBytes(line);
            }
        }
    }

    /// <summary>The frame's bytes: the recorder's <c>event</c> value sliced out as is, or the whole line.</summary>
    private static ReadOnlyMemory<byte> Unwrap(byte[] line)
    {
        var reader = new Utf8JsonReader(line);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isEvent = reader.ValueTextEquals("event"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isEvent)
            {
                return line.AsMemory(start, (int)reader.BytesConsumed - start);
            }
        }

        return line;
    }

    /// <summary>
    /// The independent count: the text of the first <c>"type":"…"</c> in the line (the frame's own; the
    /// recorder's wrapper has none and <c>msg</c> comes after <c>type</c> in every real frame).
    /// </summary>
    private static string ScanType(byte[] line)
    {
        var marker = "\"type\":\""u8;
        var at = line.AsSpan().IndexOf(marker);
        Assert.True(at >= 0, $"no \"type\" in {Encoding.UTF8.GetString(line)}");
        var rest = line.AsSpan(at + marker.Length);
        return Encoding.UTF8.GetString(rest[..rest.IndexOf((byte)'"')]);
    }
}
