namespace Ssmd.Testing.Tape;

/// <summary>Where the real Kalshi data lives: <c>shared/kalshi</c> in some folder above the test binaries.</summary>
public static class TapeFiles
{
    private static readonly Lazy<string> SharedRoot = new(FindRoot);

    /// <summary><c>…/shared/kalshi</c>.</summary>
    public static string Root => SharedRoot.Value;

    /// <summary><c>captures/gold15m/events</c>: one folder per market, one <c>&lt;date&gt;.ndjson.gz</c> per day.</summary>
    public static string GoldEvents => Path.Combine(Root, "captures", "gold15m", "events");

    /// <summary>Every gold capture file, in name order (so a market's days come in order).</summary>
    public static IReadOnlyList<string> Gold() =>
        [.. Directory.GetFiles(GoldEvents, "*.ndjson.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Copies the first <paramref name="frames"/> lines of each capture file into <paramref name="folder"/>
    /// in the same layout (<c>&lt;market&gt;/&lt;date&gt;.ndjson.gz</c>); returns the copies. Cut before a
    /// window's close, the books are not empty at the end.
    /// </summary>
    public static List<string> CopyFirst(IEnumerable<string> sources, string folder, int frames)
    {
        var written = new List<string>();
        foreach (var source in sources)
        {
            var target = Path.Combine(folder, Path.GetFileName(Path.GetDirectoryName(source))!, Path.GetFileName(source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using (var writer = new StreamWriter(new System.IO.Compression.GZipStream(File.Create(target), System.IO.Compression.CompressionLevel.Fastest), new System.Text.UTF8Encoding(false)))
            {
                foreach (var line in TapeFold.ReadLines(source).Take(frames))
                {
                    writer.Write(line);
                    writer.Write('\n');
                }
            }

            written.Add(target);
        }

        return written;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "kalshi");
            if (Directory.Exists(Path.Combine(candidate, "captures")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"shared/kalshi/captures not found above {AppContext.BaseDirectory}.");
    }
}
