namespace Ssmd.Kalshi;

/// <summary>
/// A contract count in units of 0.01 contract (Kalshi's fractional-trading granularity).
/// Wire form: the <c>_fp</c> string with 2 decimals (<c>"19.25"</c>, <c>"-26.43"</c>).
/// </summary>
public readonly record struct KalshiSize(long Units) : IComparable<KalshiSize>
{
    /// <summary>Units per contract.</summary>
    public const long Scale = 100;

    public static KalshiSize Zero => default;

    public static KalshiSize FromContracts(long contracts) => new(contracts * Scale);

    /// <summary>Whole contracts, for legacy pre-2026-03 shapes (truncates fractions).</summary>
    public long Contracts => Units / Scale;

    public bool IsZero => Units == 0;

    public int CompareTo(KalshiSize other) => Units.CompareTo(other.Units);

    public static KalshiSize operator +(KalshiSize a, KalshiSize b) => new(a.Units + b.Units);
    public static KalshiSize operator -(KalshiSize a, KalshiSize b) => new(a.Units - b.Units);
    public static KalshiSize operator -(KalshiSize a) => new(-a.Units);
    public static bool operator <(KalshiSize a, KalshiSize b) => a.Units < b.Units;
    public static bool operator >(KalshiSize a, KalshiSize b) => a.Units > b.Units;
    public static bool operator <=(KalshiSize a, KalshiSize b) => a.Units <= b.Units;
    public static bool operator >=(KalshiSize a, KalshiSize b) => a.Units >= b.Units;

    public static bool TryParse(ReadOnlySpan<byte> utf8, out KalshiSize size)
    {
        var ok = FixedPoint.TryParse(utf8, 2, out var units);
        size = new KalshiSize(units);
        return ok;
    }

    public static KalshiSize Parse(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return TryParse(bytes, out var size) ? size : throw new FormatException($"'{text}' is not a Kalshi contract count (expected e.g. \"19.25\").");
    }

    /// <summary>Writes the 2-decimal wire form without quotes.</summary>
    public bool TryFormat(Span<byte> destination, out int written) => FixedPoint.TryFormat(Units, 2, destination, out written);

    public override string ToString()
    {
        Span<byte> buffer = stackalloc byte[FixedPoint.MaxLength];
        TryFormat(buffer, out var written);
        return System.Text.Encoding.ASCII.GetString(buffer[..written]);
    }
}
