using System.Globalization;

namespace Ssmd.Testing.Tape;

/// <summary>Decimal strings to and from exact scaled integers (no floating point anywhere).</summary>
public static class TapeFixedPoint
{
    /// <summary>
    /// Parses <c>"-12.34"</c> with <paramref name="decimals"/> places into units (<c>-1234</c> for 2).
    /// More places than that are accepted only when they are zeros.
    /// </summary>
    public static long Parse(string text, int decimals)
    {
        var s = text.AsSpan();
        var negative = s.Length > 0 && s[0] == '-';
        if (negative || (s.Length > 0 && s[0] == '+'))
        {
            s = s[1..];
        }

        var dot = s.IndexOf('.');
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? [] : s[(dot + 1)..];
        if (whole.Length == 0 && fraction.Length == 0)
        {
            throw new FormatException($"'{text}' is not a decimal number.");
        }

        long units = 0;
        foreach (var c in whole)
        {
            units = checked((units * 10) + Digit(c, text));
        }

        for (var i = 0; i < decimals; i++)
        {
            units = checked((units * 10) + (i < fraction.Length ? Digit(fraction[i], text) : 0));
        }

        for (var i = decimals; i < fraction.Length; i++)
        {
            if (Digit(fraction[i], text) != 0)
            {
                throw new FormatException($"'{text}' has more than {decimals} decimal places.");
            }
        }

        return negative ? -units : units;
    }

    /// <summary>Units back to text with exactly <paramref name="decimals"/> places.</summary>
    public static string Format(long units, int decimals)
    {
        var scale = 1L;
        for (var i = 0; i < decimals; i++)
        {
            scale *= 10;
        }

        var sign = units < 0 ? "-" : "";
        var abs = Math.Abs(units);
        return decimals == 0
            ? sign + abs.ToString(CultureInfo.InvariantCulture)
            : $"{sign}{(abs / scale).ToString(CultureInfo.InvariantCulture)}.{(abs % scale).ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0')}";
    }

    private static int Digit(char c, string text) =>
        c is >= '0' and <= '9' ? c - '0' : throw new FormatException($"'{text}' is not a decimal number.");
}
