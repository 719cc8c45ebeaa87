using System.Globalization;
using System.Text.Json;

namespace Ssmd.Secmaster.Internal;

/// <summary>Kalshi's dollar strings as integers in units of 0.0001 dollar, never through binary floating point.</summary>
internal static class FixedPoint
{
    public const decimal PriceScale = 10_000m;

    /// <summary>Reads <c>"0.2800"</c> (or a JSON number) as 2800; false when it is not a number or finer than 0.0001.</summary>
    public static bool TryParsePrice(JsonElement value, out long units, out string reason)
    {
        units = 0;
        string? text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            reason = $"expected a dollar string, got {value.ValueKind}";
            return false;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var dollars))
        {
            reason = "not a decimal number";
            return false;
        }

        var scaled = dollars * PriceScale;
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue || scaled < long.MinValue)
        {
            reason = "finer than 0.0001 dollar or out of range";
            return false;
        }

        units = (long)scaled;
        reason = "";
        return true;
    }
}
