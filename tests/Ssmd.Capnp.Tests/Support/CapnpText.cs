using System.Globalization;
using System.Text;

namespace Ssmd.Capnp.Tests.Support;

/// <summary>
/// Writes values in the text format <c>capnp decode --short</c> prints (0.9.2): every data field of a
/// struct, pointer fields only when set, the active union member only, groups in parentheses.
/// </summary>
public static class CapnpText
{
    public static string Struct(params (string Name, string? Value)[] fields) =>
        "(" + string.Join(", ", fields.Where(f => f.Value is not null).Select(f => $"{f.Name} = {f.Value}")) + ")";

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string UInt(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Enum<T>(T value)
        where T : struct, Enum
    {
        string name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>Text: null stays unprinted; quotes, backslashes and control characters are escaped, the rest is UTF-8.</summary>
    public static string? Text(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = new StringBuilder("\"");
        foreach (char c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                '\'' => "\\'",
                < ' ' or '\x7f' => "\\" + Convert.ToString(c, 8).PadLeft(3, '0'),
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    public static string? List<T>(IReadOnlyList<T>? items, Func<T, string> format) =>
        items is null ? null : "[" + string.Join(", ", items.Select(format)) + "]";
}
