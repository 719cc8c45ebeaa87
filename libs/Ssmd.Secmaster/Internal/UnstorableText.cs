using System.Text;
using System.Text.Unicode;

namespace Ssmd.Secmaster.Internal;

/// <summary>
/// Text PostgreSQL refuses, made storable. <c>text</c> and <c>jsonb</c> refuse bytes that are not UTF-8 and
/// NUL (<c>\u0000</c>), and <c>jsonb</c> refuses a <c>\u</c> escape of half a surrogate pair; the first and
/// the last also make <see cref="System.Text.Json.Utf8JsonReader.GetString"/> throw. One such character in
/// one title would fail its whole page, on every sync. Each becomes U+FFFD (the replacement character), in
/// the decoded values and in the stored JSON alike, and the caller counts it.
/// </summary>
internal static class UnstorableText
{
    /// <summary>What the tally says of each replacement.</summary>
    public const string Reason = "not UTF-8, a NUL or half a surrogate pair (PostgreSQL refuses all three): stored as U+FFFD";

    private const int EscapeLength = 6; // \uXXXX

    /// <summary>
    /// Null when PostgreSQL takes <paramref name="json"/> as it is (almost always: the checks are vectorized
    /// searches); otherwise a copy with each byte sequence that is not UTF-8 replaced by U+FFFD and each
    /// escape PostgreSQL refuses by <c>\ufffd</c>, and where each replacement starts in that copy, in order.
    /// </summary>
    public static Repaired? Repair(ReadOnlySpan<byte> json)
    {
        byte[]? copy = null;
        List<int>? at = null;
        if (!Utf8.IsValid(json))
            (copy, at) = ReplaceInvalidUtf8(json);

        ReadOnlySpan<byte> text = copy is null ? json : copy;
        if (FindEscapes(text) is { } escapes)
        {
            copy ??= json.ToArray();
            foreach (var escape in escapes)
                "\\ufffd"u8.CopyTo(copy.AsSpan(escape));
            at = at is null ? escapes : [.. at.Concat(escapes).Order()];
        }

        return copy is null ? null : new Repaired(copy, at!);
    }

    /// <summary>The offsets of the <c>\uXXXX</c> escapes in <paramref name="json"/> that PostgreSQL refuses, in order; null when there is none.</summary>
    private static List<int>? FindEscapes(ReadOnlySpan<byte> json)
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

    /// <summary>
    /// A copy with each maximal invalid subsequence (what <see cref="Rune.DecodeFromUtf8"/> reports, as
    /// decoders do) replaced by U+FFFD's three bytes, and where each replacement starts.
    /// </summary>
    private static (byte[] Copy, List<int> At) ReplaceInvalidUtf8(ReadOnlySpan<byte> json)
    {
        var copy = new List<byte>(json.Length + 16);
        var at = new List<int>();
        var i = 0;
        while (i < json.Length)
        {
            var ascii = json[i..].IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            var run = ascii < 0 ? json.Length - i : ascii;
            copy.AddRange(json.Slice(i, run));
            i += run;
            if (i == json.Length)
                break;
            if (Rune.DecodeFromUtf8(json[i..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                copy.AddRange(json.Slice(i, consumed));
            }
            else
            {
                at.Add(copy.Count);
                copy.AddRange("\uFFFD"u8);
            }

            i += consumed;
        }

        return ([.. copy], at);
    }

    /// <summary>A short piece of the (repaired) JSON around a replacement, for a log line.</summary>
    public static string Around(ReadOnlySpan<byte> json, int at)
    {
        var start = Math.Max(0, at - 40);
        var end = Math.Min(json.Length, at + EscapeLength + 10);
        return $"…{Encoding.UTF8.GetString(json[start..end])}…";
    }

    /// <summary>
    /// <paramref name="text"/> with each NUL replaced by U+FFFD (decoded UTF-8 holds no half pairs), adding
    /// <paramref name="field"/> to <paramref name="repaired"/> when it had one.
    /// </summary>
    public static string? WithoutNul(string? text, string field, ref List<string>? repaired)
    {
        if (text is null || !text.Contains('\0'))
            return text;
        (repaired ??= []).Add(field);
        return text.Replace('\0', '\uFFFD');
    }

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

/// <summary>A repaired copy of a body, and where each replacement starts in it, in order.</summary>
internal sealed record Repaired(byte[] Json, List<int> At);
