using System.Text;

namespace Ssmd.Secmaster.Internal;

/// <summary>
/// Text PostgreSQL refuses, made storable. <c>text</c> and <c>jsonb</c> refuse NUL (<c>\u0000</c>), and
/// <c>jsonb</c> refuses a <c>\u</c> escape of half a surrogate pair, which also makes
/// <see cref="System.Text.Json.Utf8JsonReader.GetString"/> throw. One such character in one title would fail
/// its whole page, on every sync. Each becomes U+FFFD (the replacement character), in the decoded values and
/// in the stored JSON alike, and the caller counts it.
/// </summary>
internal static class UnstorableText
{
    /// <summary>What the tally says of each replacement.</summary>
    public const string Reason = "NUL or half a surrogate pair (PostgreSQL refuses both): stored as U+FFFD";

    private const int EscapeLength = 6; // \uXXXX

    /// <summary>
    /// The offsets of the <c>\uXXXX</c> escapes in <paramref name="json"/> that PostgreSQL refuses, in order;
    /// null when there is none (almost always: the scan is a vectorized search for backslashes).
    /// </summary>
    public static List<int>? FindEscapes(ReadOnlySpan<byte> json)
    {
        List<int>? found = null;
        var at = 0;
        while (at < json.Length)
        {
            var next = json[at..].IndexOf((byte)'\\');
            if (next < 0)
                return found;
            at += next;

            // Every escape is consumed whole, so a backslash found here always starts one ("\\u0000" is a
            // backslash and the text u0000).
            if (!TryReadUnicodeEscape(json, at, out var value))
            {
                at += 2;
                continue;
            }

            if (value is >= 0xD800 and <= 0xDBFF && TryReadUnicodeEscape(json, at + EscapeLength, out var low) && low is >= 0xDC00 and <= 0xDFFF)
            {
                at += 2 * EscapeLength; // a whole pair: one character beyond the BMP
                continue;
            }

            if (value == 0 || value is >= 0xD800 and <= 0xDFFF)
                (found ??= []).Add(at);
            at += EscapeLength;
        }

        return found;
    }

    /// <summary>A copy of <paramref name="json"/> with each escape at <paramref name="escapes"/> replaced by <c>\ufffd</c> (the same length).</summary>
    public static byte[] ReplaceEscapes(ReadOnlySpan<byte> json, List<int> escapes)
    {
        var copy = json.ToArray();
        foreach (var at in escapes)
            "\\ufffd"u8.CopyTo(copy.AsSpan(at));
        return copy;
    }

    /// <summary>A short, printable piece of the JSON around an escape, for a log line.</summary>
    public static string Around(ReadOnlySpan<byte> json, int escape)
    {
        var start = Math.Max(0, escape - 40);
        var end = Math.Min(json.Length, escape + EscapeLength + 10);
        return $"…{Encoding.UTF8.GetString(json[start..end])}…";
    }

    /// <summary><paramref name="text"/> with each NUL replaced by U+FFFD (decoded UTF-8 holds no half pairs); the same instance when it has none.</summary>
    public static string? WithoutNul(string? text) =>
        text is null || !text.Contains('\0') ? text : text.Replace('\0', '\uFFFD');

    private static bool TryReadUnicodeEscape(ReadOnlySpan<byte> json, int at, out int value)
    {
        value = 0;
        if (at + EscapeLength > json.Length || json[at] != '\\' || json[at + 1] != 'u')
            return false;
        foreach (var digit in json.Slice(at + 2, 4))
        {
            var nibble = HexValue(digit);
            if (nibble < 0)
                return false;
            value = (value << 4) | nibble;
        }

        return true;
    }

    private static int HexValue(byte digit) => digit switch
    {
        >= (byte)'0' and <= (byte)'9' => digit - '0',
        >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
        _ => -1,
    };
}
