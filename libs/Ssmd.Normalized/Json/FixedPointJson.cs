using System.Text.Json;

namespace Ssmd.Normalized.Json;

/// <summary>
/// Writes ssmd's fixed-point integers as exact JSON decimals (4575 at scale 4 → <c>0.4575</c>, 1250 at
/// scale 2 → <c>12.5</c>), digit by digit: never through <see cref="double"/>, which cannot hold them.
/// Used wherever normalized events become JSON (the gateway's events, the archive's read tool).
/// </summary>
public static class FixedPointJson
{
    /// <summary>Prices: 0.0001 dollar.</summary>
    public const int PriceScale = 4;

    /// <summary>Sizes: 0.01 contract.</summary>
    public const int SizeScale = 2;

    /// <summary>Times: Unix nanoseconds written as milliseconds.</summary>
    public const int NanosAsMillisScale = 6;

    /// <summary>Writes the property <paramref name="name"/> with <paramref name="units"/> × 10^−<paramref name="scale"/> as its exact decimal value.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long units, int scale)
    {
        writer.WritePropertyName(name);
        Write(writer, units, scale);
    }

    /// <summary>Writes <paramref name="units"/> × 10^−<paramref name="scale"/> as an exact decimal value (an array element).</summary>
    public static void Write(Utf8JsonWriter writer, long units, int scale)
    {
        Span<byte> text = stackalloc byte[40];
        writer.WriteRawValue(text[..Format(units, scale, text)], skipInputValidation: true);
    }

    /// <summary>The decimal text of <paramref name="units"/> × 10^−<paramref name="scale"/>, trailing zeros trimmed.</summary>
    public static int Format(long units, int scale, Span<byte> destination)
    {
        var n = 0;
        // Unsigned so long.MinValue has a magnitude.
        var magnitude = units < 0 ? (ulong)(-(units + 1)) + 1 : (ulong)units;
        if (units < 0)
            destination[n++] = (byte)'-';
        var pow = 1UL;
        for (var i = 0; i < scale; i++)
            pow *= 10;
        var whole = magnitude / pow;
        var fraction = magnitude % pow;
        n += WriteDigits(whole, destination[n..]);
        if (fraction == 0)
            return n;
        destination[n++] = (byte)'.';
        var digits = scale;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        for (var i = digits - 1; i >= 0; i--)
        {
            destination[n + i] = (byte)('0' + (int)(fraction % 10));
            fraction /= 10;
        }

        return n + digits;
    }

    private static int WriteDigits(ulong value, Span<byte> destination)
    {
        var length = 1;
        for (var v = value; v >= 10; v /= 10)
            length++;
        for (var i = length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }

        return length;
    }
}
