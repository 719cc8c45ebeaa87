using Ssmd.Kalshi;

namespace Ssmd.Streams;

/// <summary>
/// The subjects of ssmd (ARCHITECTURE.md §2). The first token is the feed (<c>kalshi</c>); tickers and
/// raw types go through <see cref="KalshiSubject"/> so a '.' in a ticker never splits a subject.
/// </summary>
public static class SsmdSubjects
{
    /// <summary>The subject token of each normalized kind, in <see cref="NormalizedKind"/> order.</summary>
    public static IReadOnlyList<string> KindTokens { get; } = ["trade", "orderbook", "ticker", "status"];

    /// <summary><c>{feed}.raw.{type}</c>: raw frames of one Kalshi message type.</summary>
    public static string Raw(string feed, string type) => $"{feed}.raw.{KalshiSubject.Encode(type)}";

    /// <summary><c>{feed}.raw.&gt;</c>: every raw frame.</summary>
    public static string RawWildcard(string feed) => $"{feed}.raw.>";

    /// <summary><c>{feed}.{kind}.{ticker}</c>: one market's normalized events of one kind.</summary>
    public static string Normalized(string feed, NormalizedKind kind, string ticker) =>
        $"{feed}.{KindToken(kind)}.{KalshiSubject.Encode(ticker)}";

    /// <summary><c>{feed}.{kind}.&gt;</c>: every market's normalized events of one kind.</summary>
    public static string NormalizedWildcard(string feed, NormalizedKind kind) => $"{feed}.{KindToken(kind)}.>";

    /// <summary>The four normalized wildcards: the subjects of the normalized stream.</summary>
    public static IReadOnlyList<string> NormalizedWildcards(string feed) =>
        [.. Enum.GetValues<NormalizedKind>().Select(kind => NormalizedWildcard(feed, kind))];

    /// <summary><c>{feed}.secmaster.{ticker}</c>: security-master change events.</summary>
    public static string Secmaster(string feed, string ticker) => $"{feed}.secmaster.{KalshiSubject.Encode(ticker)}";

    /// <summary>The token of a normalized kind (<c>trade</c>, <c>orderbook</c>, <c>ticker</c>, <c>status</c>).</summary>
    public static string KindToken(NormalizedKind kind) => KindTokens[(int)kind];

    /// <summary>Reads <c>{feed}.{kind}.{ticker}</c> back; false for any other subject (a bad <c>%</c> escape included).</summary>
    public static bool TryParseNormalized(string subject, out string feed, out NormalizedKind kind, out string ticker)
    {
        feed = ticker = "";
        kind = default;
        var parts = subject.Split('.');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[2].Length == 0)
            return false;
        var index = IndexOfKind(parts[1]);
        if (index < 0)
            return false;
        if (!KalshiSubject.TryDecode(parts[2], out ticker))
        {
            ticker = "";
            return false;
        }

        feed = parts[0];
        kind = (NormalizedKind)index;
        return true;
    }

    /// <summary>Reads <c>{feed}.raw.{type}</c> back; false for any other subject (a bad <c>%</c> escape included).</summary>
    public static bool TryParseRaw(string subject, out string feed, out string type)
    {
        feed = type = "";
        var parts = subject.Split('.');
        if (parts.Length != 3 || parts[1] != "raw" || parts[0].Length == 0 || parts[2].Length == 0)
            return false;
        if (!KalshiSubject.TryDecode(parts[2], out type))
        {
            type = "";
            return false;
        }

        feed = parts[0];
        return true;
    }

    private static int IndexOfKind(string token)
    {
        for (var i = 0; i < KindTokens.Count; i++)
        {
            if (KindTokens[i] == token)
                return i;
        }

        return -1;
    }
}
