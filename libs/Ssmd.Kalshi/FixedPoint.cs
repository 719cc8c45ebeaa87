namespace Ssmd.Kalshi;

/// <summary>Decimal strings to scaled integers and back, with no binary floating point on the way.</summary>
public static class FixedPoint
{
    /// <summary>Longest formatted value: sign, 19 digits, point.</summary>
    public const int MaxLength = 24;

    /// <summary>
    /// Parses <c>[-]digits[.digits]</c> into units of 10^-<paramref name="decimals"/>. Extra decimals are
    /// accepted only when they are zeros (nothing is rounded away).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, int decimals, out long units)
    {
        units = 0;
        if (utf8.IsEmpty)
        {
            return false;
        }

        var negative = utf8[0] == (byte)'-';
        var i = negative || utf8[0] == (byte)'+' ? 1 : 0;
        var sawDigit = false;
        long whole = 0;
        for (; i < utf8.Length && utf8[i] != (byte)'.'; i++)
        {
            var d = utf8[i] - (byte)'0';
            if ((uint)d > 9 || whole > (long.MaxValue / 10) - 10)
            {
                return false;
            }

            whole = (whole * 10) + d;
            sawDigit = true;
        }

        long fraction = 0;
        var places = 0;
        if (i < utf8.Length)
        {
            for (i++; i < utf8.Length; i++)
            {
                var d = utf8[i] - (byte)'0';
                if ((uint)d > 9)
                {
                    return false;
                }

                sawDigit = true;
                if (places < decimals)
                {
                    fraction = (fraction * 10) + d;
                    places++;
                }
                else if (d != 0)
                {
                    return false;
                }
            }
        }

        if (!sawDigit)
        {
            return false;
        }

        for (; places < decimals; places++)
        {
            fraction *= 10;
        }

        var scale = Pow10(decimals);
        if (whole > long.MaxValue / scale)
        {
            return false;
        }

        units = (whole * scale) + fraction;
        if (negative)
        {
            units = -units;
        }

        return true;
    }

    /// <summary>Formats units of 10^-<paramref name="decimals"/> with exactly that many decimals.</summary>
    public static bool TryFormat(long units, int decimals, Span<byte> destination, out int written)
    {
        written = 0;
        Span<byte> digits = stackalloc byte[20];
        var magnitude = units < 0 ? (ulong)(-(units + 1)) + 1 : (ulong)units;
        var n = 0;
        do
        {
            digits[n++] = (byte)('0' + (int)(magnitude % 10));
            magnitude /= 10;
        }
        while (magnitude != 0 || n <= decimals);

        var length = n + (decimals > 0 ? 1 : 0) + (units < 0 ? 1 : 0);
        if (destination.Length < length)
        {
            return false;
        }

        var p = 0;
        if (units < 0)
        {
            destination[p++] = (byte)'-';
        }

        for (var k = n - 1; k >= 0; k--)
        {
            destination[p++] = digits[k];
            if (k == decimals && decimals > 0)
            {
                destination[p++] = (byte)'.';
            }
        }

        written = p;
        return true;
    }

    private static long Pow10(int n)
    {
        long r = 1;
        for (var i = 0; i < n; i++)
        {
            r *= 10;
        }

        return r;
    }
}
