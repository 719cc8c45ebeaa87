using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ssmd.Environments.Internal;

/// <summary>
/// Reads one YAML mapping by hand: every key asked for is "known", and <see cref="ReportUnknownKeys"/>
/// reports the rest, so a misspelt key never passes silently.
/// </summary>
internal sealed class MappingReader
{
    private readonly ValidationContext _context;
    private readonly Mark _owner;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _known = [];
    private readonly HashSet<string> _handled = new(StringComparer.Ordinal);

    /// <param name="context">Where problems go.</param>
    /// <param name="node">The mapping.</param>
    /// <param name="path">Its dotted path (<c>feed</c>, <c>symbols.include[0]</c>), empty for the document root.</param>
    /// <param name="owner">Where a missing key is reported: the section's key, or the root's first key.</param>
    public MappingReader(ValidationContext context, YamlMappingNode node, string path, Mark owner)
    {
        _context = context;
        _owner = owner;
        Path = path;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode scalar && !Values.IsNull(key))
            {
                // The duplicate-key filter has already dropped repeats, so this never overwrites.
                _entries[scalar.Value!] = new Entry(scalar, value);
            }
            else
            {
                context.Report(key, Rules.Type, $"{Where}keys must be plain names, got {Values.Describe(key)}");
            }
        }
    }

    public string Path { get; }

    /// <summary>Every key and value, for the maps whose keys are names chosen by the user (<c>secrets</c>).</summary>
    public IEnumerable<Entry> Entries => _entries.Values;

    private string Where => Path.Length == 0 ? "" : $"{Path}: ";

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>The key node, when the key is present (for problems about the key as a whole).</summary>
    public YamlScalarNode? KeyOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

    /// <summary>The value of an optional key, or <see langword="null"/> when it is absent or has no value.</summary>
    public YamlNode? Optional(string key)
    {
        _known.Add(key);
        return _entries.TryGetValue(key, out var entry) && !Values.IsNull(entry.Value) ? entry.Value : null;
    }

    /// <summary>The value of a required key; a <c>required</c> problem when it is absent or has no value.</summary>
    public YamlNode? Required(string key, string? hint = null)
    {
        _known.Add(key);
        var suffix = hint is null ? "" : $" ({hint})";
        if (!_entries.TryGetValue(key, out var entry))
        {
            _context.Report(_owner, Rules.Required, $"{Where}required key '{key}' is missing{suffix}");
            return null;
        }

        if (Values.IsNull(entry.Value))
        {
            _context.Report(entry.Key, Rules.Required, $"{PathOf(key)} needs a value{suffix}");
            return null;
        }

        return entry.Value;
    }

    /// <summary>Marks a key as already reported by the caller, so it is not reported again as unknown.</summary>
    public void Handled(string key) => _handled.Add(key);

    public void ReportUnknownKeys()
    {
        foreach (var entry in _entries.Values)
        {
            var name = entry.Key.Value!;
            if (_known.Contains(name, StringComparer.Ordinal) || _handled.Contains(name))
            {
                continue;
            }

            var where = Path.Length == 0 ? "at the top level" : $"in {Path}";
            var guess = Suggestions.Closest(name, _known);
            var hint = guess is null ? "" : $"; did you mean '{guess}'?";
            _context.Report(entry.Key, Rules.UnknownKey,
                $"unknown key '{name}' {where}{hint} (allowed: {string.Join(", ", _known)})");
        }
    }

    internal readonly record struct Entry(YamlScalarNode Key, YamlNode Value);
}
