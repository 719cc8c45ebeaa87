using System.Buffers.Text;
using System.Text;

namespace Ssmd.KalshiSim.Rest;

/// <summary>Opaque page cursors: the last key of the page, base64url-encoded. Empty = no more pages.</summary>
internal static class SimCursor
{
    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));

    public static bool TryDecode(string? cursor, out string? lastKey)
    {
        lastKey = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            lastKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
