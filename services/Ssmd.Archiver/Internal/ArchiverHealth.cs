namespace Ssmd.Archiver.Internal;

/// <summary>
/// The archiver's own state for <c>/health</c>: consumers that are failing, sources whose parts cannot be
/// stored (Stored mode: a storage outage), and whether the last flush failed.
/// </summary>
internal sealed class ArchiverHealth
{
    private readonly Dictionary<string, string> _consumerProblems = [];
    private readonly Dictionary<string, string> _storageProblems = [];
    private readonly Dictionary<string, string> _streamProblems = [];
    private string? _flushProblem;

    public void ConsumerFailed(string source, string problem)
    {
        lock (_consumerProblems)
            _consumerProblems[source] = problem;
    }

    public void ConsumerOk(string source)
    {
        lock (_consumerProblems)
            _consumerProblems.Remove(source);
    }

    /// <summary>Stored mode: a source's parts cannot be stored, so nothing of it is acknowledged.</summary>
    public void StorageFailed(string source, string problem)
    {
        lock (_storageProblems)
            _storageProblems[source] = problem;
    }

    public void StorageOk(string source)
    {
        lock (_storageProblems)
            _storageProblems.Remove(source);
    }

    /// <summary>A source's stream ends before what was already filed (recreated or purged): kept until a restart.</summary>
    public void StreamRecreated(string source, string problem)
    {
        lock (_streamProblems)
            _streamProblems[source] = problem;
    }

    public void FlushFailed(string problem) => Volatile.Write(ref _flushProblem, problem);

    public void FlushOk() => Volatile.Write(ref _flushProblem, null);

    /// <summary>Every current problem, one line each; empty when healthy.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        lock (_consumerProblems)
            problems.AddRange(_consumerProblems.Select(p => $"consumer {p.Key}: {p.Value}"));
        lock (_storageProblems)
            problems.AddRange(_storageProblems.Select(p => $"parts of {p.Key}: {p.Value}"));
        lock (_streamProblems)
            problems.AddRange(_streamProblems.Select(p => $"{p.Key}: {p.Value}"));
        if (Volatile.Read(ref _flushProblem) is { } flush)
            problems.Add($"last flush failed: {flush}");
        return problems;
    }
}
