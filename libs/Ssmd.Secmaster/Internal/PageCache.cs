using System.Text;
using System.Text.Json;

namespace Ssmd.Secmaster.Internal;

/// <summary>
/// Values that repeat from one market to the next on a page (event ticker, status, type, price grid):
/// the same bytes as the previous market's give the previous market's string, so a page of one series
/// allocates each of them once.
/// </summary>
internal sealed class PageCache
{
    private const int Longest = 96;

    private readonly byte[][] _bytes = new byte[MarketColumns.All.Count][];
    private readonly int[] _lengths = new int[MarketColumns.All.Count];
    private readonly string?[] _text = new string?[MarketColumns.All.Count];
    private byte[] _rangeBytes = [];
    private string? _ranges;

    /// <summary>The string the reader stands on.</summary>
    public string Text(ref Utf8JsonReader reader, MarketField field)
    {
        var value = reader.ValueSpan;
        if (reader.ValueIsEscaped || value.Length > Longest || !Repeats(field))
            return reader.GetString()!;
        var i = (int)field;
        if (_text[i] is { } last && value.SequenceEqual(_bytes[i].AsSpan(0, _lengths[i])))
            return last;
        var text = Encoding.UTF8.GetString(value);
        value.CopyTo(_bytes[i] ??= new byte[Longest]);
        _lengths[i] = value.Length;
        _text[i] = text;
        return text;
    }

    public bool TryGetRanges(ReadOnlySpan<byte> json, out string? ranges)
    {
        ranges = _ranges;
        return ranges is not null && json.SequenceEqual(_rangeBytes);
    }

    public void SetRanges(ReadOnlySpan<byte> json, string ranges)
    {
        _rangeBytes = json.ToArray();
        _ranges = ranges;
    }

    // Titles and subtitles differ per market: comparing them would only cost.
    private static bool Repeats(MarketField field) => field is MarketField.EventTicker or MarketField.MarketType or MarketField.Status or
        MarketField.Result or MarketField.ExpirationValue or MarketField.StrikeType or MarketField.PriceLevelStructure or MarketField.Subtitle;
}
