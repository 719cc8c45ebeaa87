using System.Diagnostics.CodeAnalysis;

namespace Ssmd.Kalshi;

/// <summary>
/// A dollar amount in units of 0.0001 dollar (one hundredth of a cent), the finest grid Kalshi uses.
/// Wire form: a decimal string (<c>"0.4300"</c>); parsing accepts any number of decimals as long as
/// nothing below 0.0001 is lost (CORRECTIONS §16: up to 6 dp are emitted, e.g. <c>"0.010000"</c>).
/// </summary>
public readonly record struct KalshiPrice(long Units) : IComparable<KalshiPrice>
{
    /// <summary>Units per dollar.</summary>
    public const long Scale = 10_000;

    /// <summary>The price of a binary contract that pays out for sure: $1.0000.</summary>
    public static KalshiPrice One => new(Scale);

    /// <summary>$0.0000.</summary>
    public static KalshiPrice Zero => default;

    /// <summary>The other leg's price: a NO bid at p is a YES ask at 1 − p.</summary>
    public KalshiPrice Complement => new(Scale - Units);

    /// <summary>Whole cents, for legacy pre-2026-03 shapes (truncates sub-cent prices).</summary>
    public long Cents => Units / 100;

    public static KalshiPrice FromCents(long cents) => new(cents * 100);

    public int CompareTo(KalshiPrice other) => Units.CompareTo(other.Units);

    public static bool operator <(KalshiPrice a, KalshiPrice b) => a.Units < b.Units;
    public static bool operator >(KalshiPrice a, KalshiPrice b) => a.Units > b.Units;
    public static bool operator <=(KalshiPrice a, KalshiPrice b) => a.Units <= b.Units;
    public static bool operator >=(KalshiPrice a, KalshiPrice b) => a.Units >= b.Units;

    /// <summary>Parses a dollar string such as <c>"0.4300"</c>, <c>"1"</c> or <c>"-0.5"</c>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out KalshiPrice price)
    {
        var ok = FixedPoint.TryParse(utf8, 4, out var units);
        price = new KalshiPrice(units);
        return ok;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out KalshiPrice price)
    {
        price = default;
        if (text is null || text.Length > 64)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 127)
            {
                return false;
            }

            buffer[i] = (byte)text[i];
        }

        return TryParse(buffer, out price);
    }

    public static KalshiPrice Parse(string text) =>
        TryParse(text, out var price) ? price : throw new FormatException($"'{text}' is not a Kalshi dollar amount (expected e.g. \"0.4300\").");

    /// <summary>Writes the 4-decimal wire form (<c>"0.4300"</c>) without quotes.</summary>
    public bool TryFormat(Span<byte> destination, out int written) => FixedPoint.TryFormat(Units, 4, destination, out written);

    public override string ToString()
    {
        Span<byte> buffer = stackalloc byte[FixedPoint.MaxLength];
        TryFormat(buffer, out var written);
        return System.Text.Encoding.ASCII.GetString(buffer[..written]);
    }
}
