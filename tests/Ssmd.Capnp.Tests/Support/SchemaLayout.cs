using System.Text.RegularExpressions;

namespace Ssmd.Capnp.Tests.Support;

/// <summary>One line of a schema's wire layout: a dotted path and what the reference compiler placed there.</summary>
public sealed record LayoutEntry(string Key, string Value)
{
    public override string ToString() => $"{Key}  {Value}";
}

/// <summary>
/// The wire layout of a schema as <c>capnp compile -ocapnp</c> prints it (ordinal, type, default and
/// bit or pointer offset of every field, enumerants, union tags, struct sizes), flattened to one
/// <see cref="LayoutEntry"/> per line, and the evolution check of a schema against a baseline of them.
/// </summary>
public static partial class SchemaLayout
{
    /// <summary>Flattens <c>capnp compile -ocapnp</c> output; a line it does not know fails, so new constructs are noticed.</summary>
    public static IReadOnlyList<LayoutEntry> Parse(string compiled)
    {
        var entries = new List<LayoutEntry>();
        var scope = new Stack<string?>();
        foreach (string raw in compiled.Split('\n'))
        {
            string line = raw.Trim();
            Match m;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            else if ((m = FileId().Match(line)).Success)
            {
                entries.Add(new("file", m.Groups[1].Value));
            }
            else if ((m = TypeHeader().Match(line)).Success)
            {
                scope.Push(m.Groups[2].Value);
                entries.Add(new(Path(scope), m.Groups[3].Success ? $"{m.Groups[1].Value} {m.Groups[3].Value}" : m.Groups[1].Value));
            }
            else if ((m = Group().Match(line)).Success)
            {
                scope.Push(m.Groups[1].Value);
                entries.Add(new(Path(scope), m.Groups[2].Success ? $"group, {m.Groups[2].Value}" : "group"));
            }
            else if ((m = Union().Match(line)).Success)
            {
                entries.Add(new(Path(scope) + ".union", m.Groups[1].Value));
                scope.Push(null);
            }
            else if ((m = Field().Match(line)).Success)
            {
                entries.Add(new($"{Path(scope)}.{m.Groups[1].Value}", $"{m.Groups[2].Value}  {m.Groups[3].Value}"));
            }
            else if ((m = Enumerant().Match(line)).Success)
            {
                entries.Add(new($"{Path(scope)}.{m.Groups[1].Value}", m.Groups[2].Value));
            }
            else if (line == "}")
            {
                scope.Pop();
            }
            else
            {
                throw new InvalidOperationException($"capnp compile -ocapnp printed a line the layout check does not know: '{line}'.");
            }
        }

        return entries;
    }

    /// <summary>Reads a baseline file: '#' lines are comments, every other line is "key  value".</summary>
    public static IReadOnlyList<LayoutEntry> ReadBaseline(string text) =>
        [.. text.Split('\n')
            .Select(l => l.TrimEnd())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2) is [string key, string value] ? new LayoutEntry(key, value.Trim()) : throw new FormatException($"Bad baseline line '{l}'."))];

    /// <summary>
    /// What <paramref name="current"/> breaks of <paramref name="baseline"/>: a field, group, union or
    /// enumerant that is gone (removed or renamed; its ordinal would be reused), or sits elsewhere or
    /// has another type or default; a struct whose sections shrank. Appended entries break nothing.
    /// </summary>
    public static IReadOnlyList<string> Breaks(IReadOnlyList<LayoutEntry> baseline, IReadOnlyList<LayoutEntry> current)
    {
        var now = current.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var breaks = new List<string>();
        foreach (LayoutEntry was in baseline)
        {
            if (!now.TryGetValue(was.Key, out string? value))
            {
                breaks.Add($"{was.Key} ({was.Value}) is gone: fields and enumerants are never removed, renamed or renumbered.");
            }
            else if (StructSize().Match(was.Value) is { Success: true } before)
            {
                Match after = StructSize().Match(value);
                if (!after.Success || int.Parse(after.Groups[1].Value) < int.Parse(before.Groups[1].Value) || int.Parse(after.Groups[2].Value) < int.Parse(before.Groups[2].Value))
                {
                    breaks.Add($"{was.Key} shrank from '{was.Value}' to '{value}'.");
                }
            }
            else if (value != was.Value)
            {
                breaks.Add($"{was.Key} changed from '{was.Value}' to '{value}': an existing field keeps its ordinal, type, default and offset.");
            }
        }

        return breaks;
    }

    private static string Path(Stack<string?> scope) => string.Join('.', scope.Reverse().Where(s => s is not null));

    [GeneratedRegex(@"^(@0x[0-9a-f]+);$")]
    private static partial Regex FileId();

    [GeneratedRegex(@"^(struct|enum) (\w+) @0x[0-9a-f]+ \{(?:  # (.*))?$")]
    private static partial Regex TypeHeader();

    [GeneratedRegex(@"^(\w+) :group \{(?:  # (.*))?$")]
    private static partial Regex Group();

    [GeneratedRegex(@"^union \{  # (.*)$")]
    private static partial Regex Union();

    [GeneratedRegex(@"^(\w+) (@\d+ :.*?);  # (.*)$")]
    private static partial Regex Field();

    [GeneratedRegex(@"^(\w+) (@\d+);$")]
    private static partial Regex Enumerant();

    [GeneratedRegex(@"^struct (\d+) bytes, (\d+) ptrs$")]
    private static partial Regex StructSize();
}
