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

    public static string Decode(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (!token.Contains('%', StringComparison.Ordinal))
            return token;
        var bytes = new List<byte>(token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '%' && i + 2 < token.Length)
            {
                bytes.Add(Convert.ToByte(token.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)token[i]);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
