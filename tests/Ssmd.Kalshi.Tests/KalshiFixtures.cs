using System.IO.Compression;
using System.Text.Json;

namespace Ssmd.Kalshi.Tests;

/// <summary>The real Kalshi frames and REST bodies in ../shared/kalshi beside the repository.</summary>
internal static class KalshiFixtures
{
    public static string Root { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(Root, "fixtures", name);

    /// <summary>Every frame of a fixture file, unwrapped from the recorder's <c>{"recv_ms","event"}</c> when present.</summary>
    public static IEnumerable<byte[]> Frames(string path)
    {
        using var stream = path.EndsWith(".gz", StringComparison.Ordinal)
            ? (Stream)new GZipStream(File.OpenRead(path), CompressionMode.Decompress)
            : File.OpenRead(path);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            yield return doc.RootElement.TryGetProperty("event", out var inner)
                ? JsonSerializer.SerializeToUtf8Bytes(inner)
                : System.Text.Encoding.UTF8.GetBytes(line);
        }
    }

    /// <summary>Top-level field names of a frame's <c>msg</c> object.</summary>
    public static SortedSet<string> MsgFields(ReadOnlySpan<byte> frame)
    {
        using var doc = JsonDocument.Parse(frame.ToArray());
        return new SortedSet<string>(doc.RootElement.GetProperty("msg").EnumerateObject().Select(p => p.Name), StringComparer.Ordinal);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "kalshi");
            if (Directory.Exists(Path.Combine(candidate, "fixtures")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"shared/kalshi/fixtures not found above {AppContext.BaseDirectory}.");
    }
}
