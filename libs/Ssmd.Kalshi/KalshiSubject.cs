using System.Text;

namespace Ssmd.Kalshi;

/// <summary>
/// A reversible, subject-safe spelling of a ticker for <c>kalshi.secmaster.{ticker}</c>: real tickers
/// contain '.', NATS's token separator. Bytes other than ASCII letters, digits, '-' and '_' become
/// '%XX' (upper-case hex of the UTF-8 byte), so "KXHIGHNY-26NOV24-B52.5" is "KXHIGHNY-26NOV24-B52%2E5".
/// </summary>
public static class KalshiSubject
{
    public static string Encode(string ticker)
    {
        ArgumentException.ThrowIfNullOrEmpty(ticker);
        if (ticker.All(IsSafe))
            return ticker;
        var builder = new StringBuilder(ticker.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(ticker))
        {
            if (b < 0x80 && IsSafe((char)b))
                builder.Append((char)b);
            else
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <exception cref="FormatException">A <c>%</c> is not followed by two hex digits.</exception>
    public static string Decode(string token) =>
        TryDecode(token, out var value) ? value : throw new FormatException($"'{token}' is not an encoded subject token: a '%' is not followed by two hex digits.");

    /// <summary>Reads an encoded token back; false when a <c>%</c> escape is not two hex digits (not a token ssmd wrote).</summary>
    public static bool TryDecode(string token, out string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        value = token;
        if (!token.Contains('%', StringComparison.Ordinal))
            return true;
        var bytes = new List<byte>(token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '%' && i + 2 < token.Length)
            {
                if (!byte.TryParse(token.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var b))
                    return false;
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.Add((byte)token[i]);
            }
        }

        value = Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
