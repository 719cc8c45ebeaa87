namespace Ssmd.Testing.Internal;

/// <summary>
/// The last lines a server wrote to stdout and stderr, kept in a bounded ring so a chatty server
/// cannot grow the test host's memory, yet a failure can still show what the server said last.
/// </summary>
internal sealed class OutputTail(int capacity)
{
    private readonly Queue<string> _lines = new(capacity);
    private readonly Lock _gate = new();

    public void Add(string? line)
    {
        // Process raises a null line when a stream closes.
        if (line is null)
            return;

        lock (_gate)
        {
            if (_lines.Count == capacity)
                _lines.Dequeue();

            _lines.Enqueue(line);
        }
    }

    public bool Contains(string text)
    {
        lock (_gate)
            return _lines.Any(l => l.Contains(text, StringComparison.OrdinalIgnoreCase));
    }

    public IReadOnlyList<string> Last(int count)
    {
        lock (_gate)
            return [.. _lines.Skip(Math.Max(0, _lines.Count - count))];
    }
}
