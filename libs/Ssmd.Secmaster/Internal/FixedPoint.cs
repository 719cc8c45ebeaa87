using System.Text;
using System.Text.Json;

namespace Ssmd.Secmaster.Internal;

/// <summary>Kalshi's dollar strings as integers in units of 0.0001 dollar, never through binary floating point.</summary>
internal static class FixedPoint
{
    private const int PriceDecimals = 4;

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

        // The same exact parser the protocol library uses: no binary floating point, nothing rounded away.
        if (!Ssmd.Kalshi.FixedPoint.TryParse(Encoding.UTF8.GetBytes(text), PriceDecimals, out units))
        {
            reason = "not a decimal number, finer than 0.0001 dollar or out of range";
            return false;
        }

        reason = "";
        return true;
    }
}
