namespace Ssmd.KalshiSim.Replay;

/// <summary>
/// A recorded tape of one or many files (<see cref="SimTapeFile"/>), merged into the order the frames
/// were received: the raw archive splits a day by type and hour, and a capture holds one file per market,
/// so neither is in order by name. Each file's own order is kept; across files the earliest receive time
/// comes first; frames received in the same ms on one subscription go by its <c>seq</c> (a snapshot and the
/// delta after it sit in different raw files), other ties by file name.
/// </summary>
internal sealed class SimTapeReader : IDisposable
{
    private readonly string[] paths;
    private readonly PriorityQueue<int, (long ReceivedMs, long Sid, long Seq, int File)> heads = new();
    private SimTapeFile[] files = [];
    private SimTapeFrame[] next = [];
    private long badLines;
    private readonly ILogger? logger;

    public SimTapeReader(string path, ILogger? logger = null)
    {
        this.logger = logger;
        paths = Directory.Exists(path)
            ? [.. Directory.GetFiles(path, "*", SearchOption.AllDirectories).Where(SimTapeFile.IsTape).Order(StringComparer.Ordinal)]
            : [path];
        Open();
    }

    public IReadOnlyList<string> Paths => paths;

    /// <summary>
    /// Every market the tape mentions (<c>msg.market_ticker</c>, with its <c>market_id</c> when given), in the
    /// order they first appear: read once at start so the exchange lists them over REST before their first
    /// frame, as Kalshi lists a market before it trades (a connector discovers markets that way).
    /// </summary>
    public static List<(string Ticker, string? MarketId)> Markets(string path, ILogger? logger = null)
    {
        var seen = new Dictionary<string, string?>(StringComparer.Ordinal);
        var order = new List<string>();
        using var reader = new SimTapeReader(path, logger);
        while (reader.TryRead(out var frame))
        {
            var data = frame.Data.Span;
            if (Value(data, "\"market_ticker\":\""u8) is not { } ticker)
            {
                continue;
            }

            if (!seen.TryGetValue(ticker, out var id))
            {
                order.Add(ticker);
            }

            if (id is null)
            {
                seen[ticker] = Value(data, "\"market_id\":\""u8) is { Length: > 0 } found ? found : null;
            }
        }

        return [.. order.Select(t => (t, seen[t]))];
    }

    /// <summary>The string after <paramref name="key"/> (a plain string: tickers and ids have no escapes).</summary>
    private static string? Value(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key)
    {
        var at = data.IndexOf(key);
        if (at < 0)
        {
            return null;
        }

        var rest = data[(at + key.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? null : System.Text.Encoding.UTF8.GetString(rest[..end]);
    }

    /// <summary>Lines skipped because they were in neither layout.</summary>
    public long BadLines => badLines + files.Sum(f => f.BadLines);

    /// <summary>The next frame in receive order, or false at the end of the last file.</summary>
    public bool TryRead(out SimTapeFrame frame)
    {
        if (!heads.TryDequeue(out var index, out _))
        {
            frame = default;
            return false;
        }

        frame = next[index] with { File = index };
        if (files[index].TryRead(out var following))
        {
            next[index] = following;
            heads.Enqueue(index, Key(following, index));
        }

        return true;
    }

    private static (long, long, long, int) Key(SimTapeFrame frame, int file) =>
        (frame.ReceivedMs, frame.Sid ?? long.MaxValue, frame.Seq ?? 0, file);

    /// <summary>Back to the first frame (for looping).</summary>
    public void Rewind()
    {
        badLines += files.Sum(f => f.BadLines);
        Close();
        Open();
    }

    private void Open()
    {
        files = [.. paths.Select(p => new SimTapeFile(p, logger))];
        next = new SimTapeFrame[files.Length];
        heads.Clear();
        for (var i = 0; i < files.Length; i++)
        {
            if (files[i].TryRead(out var first))
            {
                next[i] = first;
                heads.Enqueue(i, Key(first, i));
            }
        }
    }

    private void Close()
    {
        foreach (var file in files)
        {
            file.Dispose();
        }
    }

    public void Dispose() => Close();
}
