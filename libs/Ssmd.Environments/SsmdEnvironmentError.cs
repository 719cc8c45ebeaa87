namespace Ssmd.Environments;

/// <summary>One problem in an environment definition.</summary>
/// <param name="File">The file (or source name) the problem is in.</param>
/// <param name="Line">1-based line of the offending node (key or value); 0 when the problem concerns the whole file.</param>
/// <param name="Column">1-based column of the offending node; 0 when the problem concerns the whole file.</param>
/// <param name="Rule">A short rule id, e.g. <c>unknown-key</c>, <c>required</c>, <c>format</c>.</param>
/// <param name="Message">What is wrong and what would be right. Never contains a secret's value.</param>
public sealed record SsmdEnvironmentError(string File, int Line, int Column, string Rule, string Message)
{
    /// <summary><c>file:line:column: [rule] message</c> (or <c>file: [rule] message</c> for a whole-file problem).</summary>
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: [{Rule}] {Message}" : $"{File}: [{Rule}] {Message}";
}
