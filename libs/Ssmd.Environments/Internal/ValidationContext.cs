using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ssmd.Environments.Internal;

/// <summary>Collects every problem of one file; nothing stops at the first one.</summary>
internal sealed class ValidationContext(string file)
{
    private readonly List<SsmdEnvironmentError> _errors = [];

    public bool HasErrors => _errors.Count > 0;

    /// <summary>How many problems so far; a section compares it before and after reading itself.</summary>
    public int Count => _errors.Count;

    public void Report(Mark at, string rule, string message) =>
        _errors.Add(new SsmdEnvironmentError(file, checked((int)at.Line), checked((int)at.Column), rule, message));

    public void Report(YamlNode at, string rule, string message) => Report(at.Start, rule, message);

    public void ReportFile(string rule, string message) => _errors.Add(new SsmdEnvironmentError(file, 0, 0, rule, message));

    /// <summary>The problems in file order (stable, so problems on one node keep the order they were found in).</summary>
    public IReadOnlyList<SsmdEnvironmentError> Errors() =>
        [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}
