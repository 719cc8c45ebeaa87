namespace Ssmd.ServiceDefaults.Internal;

/// <summary>
/// The <c>Key=Value;Key=Value</c> connection-string format shared by the archive store and Temporal
/// (and by Aspire's MinIO resource). Keys are case-insensitive; values run to the next <c>;</c>
/// (no quoting: Aspire writes them unquoted). Problems are reported by key name and position only,
/// never with a value, because values include secret keys.
/// </summary>
internal sealed class KeyValueConnectionString
{
    private readonly Dictionary<string, string> _values;

    private KeyValueConnectionString(Dictionary<string, string> values) => _values = values;

    /// <summary>Looks a key up case-insensitively; empty values count as absent.</summary>
    public string? this[string key] => _values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>
    /// Parses <paramref name="text"/>, accepting only <paramref name="allowedKeys"/>. On failure
    /// <paramref name="problem"/> says what is wrong without quoting any value.
    /// </summary>
    public static bool TryParse(string text, IReadOnlyList<string> allowedKeys, out KeyValueConnectionString result, out string problem)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        result = new KeyValueConnectionString(values);
        var position = 0;
        foreach (var segment in text.Split(';'))
        {
            if (string.IsNullOrWhiteSpace(segment))
            {
                continue; // "a=1;;b=2" and a trailing ";" are harmless
            }

            position++;
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                problem = $"part {position} has no '=' (each part must be Key=Value)";
                return false;
            }

            var key = segment[..equals].Trim();
            if (key.Length == 0)
            {
                problem = $"part {position} has no key before '='";
                return false;
            }

            var known = allowedKeys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                // Not echoed: when a value itself contains ';' its tail arrives here as a "key".
                problem = $"part {position} has an unknown key (allowed: {string.Join(", ", allowedKeys)})";
                return false;
            }

            if (!values.TryAdd(known, segment[(equals + 1)..].Trim()))
            {
                problem = $"key '{known}' appears twice";
                return false;
            }
        }

        problem = "";
        return true;
    }
}
