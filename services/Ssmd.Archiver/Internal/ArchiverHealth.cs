namespace Ssmd.Archiver.Internal;

/// <summary>The archiver's own state for <c>/health</c>: consumers that are failing, and whether the last flush failed.</summary>
internal sealed class ArchiverHealth
{
    private readonly Dictionary<string, string> _consumerProblems = [];
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

    public void FlushFailed(string problem) => Volatile.Write(ref _flushProblem, problem);

    public void FlushOk() => Volatile.Write(ref _flushProblem, null);

    /// <summary>Every current problem, one line each; empty when healthy.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        lock (_consumerProblems)
            problems.AddRange(_consumerProblems.Select(p => $"consumer {p.Key}: {p.Value}"));
        if (Volatile.Read(ref _flushProblem) is { } flush)
            problems.Add($"last flush failed: {flush}");
        return problems;
    }
}
