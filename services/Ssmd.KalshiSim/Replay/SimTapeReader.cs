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

    public SimTapeReader(string path)
    {
        paths = Directory.Exists(path)
            ? [.. Directory.GetFiles(path, "*", SearchOption.AllDirectories).Where(SimTapeFile.IsTape).Order(StringComparer.Ordinal)]
            : [path];
        Open();
    }

    public IReadOnlyList<string> Paths => paths;

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

        frame = next[index];
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
        files = [.. paths.Select(p => new SimTapeFile(p))];
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
