using Ssmd.Kalshi;
using Ssmd.Kalshi.Messages;

namespace Ssmd.KalshiSim.Tests;

/// <summary>What a client rebuilds from the stream: books from snapshots and deltas, per-sid sequence checks, last tickers.</summary>
internal sealed class BookRecorder(bool yesPrices)
{
    public Dictionary<string, KalshiBook> Books { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KalshiTicker> LastTickers { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, long> LastSeq { get; } = [];

    public List<string> Problems { get; } = [];

    public long Messages;

    public long Deltas;

    public long Trades;

    /// <summary><c>subscribed</c> replies seen (read from other threads to know the subscriptions are in place).</summary>
    public int Subscribed;

    /// <summary>Reads until the <c>list_subscriptions</c> reply, which the test sends as a barrier once the exchange is paused.</summary>
    public async Task RunAsync(SimClient client, CancellationToken ct)
    {
        while (true)
        {
            var frame = await client.ReceiveAsync(ct);
            if (frame.Message is KalshiOk { Subscriptions: not null })
            {
                return;
            }

            Interlocked.Increment(ref Messages);
            Record(frame);
        }
    }

    private void Record(KalshiFrame frame)
    {
        if (frame.Seq is { } seq && frame.Sid is { } sid)
        {
            var last = LastSeq.GetValueOrDefault(sid);
            if (seq != last + 1)
            {
                Problems.Add($"sid {sid}: seq {seq} after {last}");
            }

            LastSeq[sid] = seq;
        }

        switch (frame.Message)
        {
            case KalshiOrderbookSnapshot s:
                var book = new KalshiBook();
                book.Replace(s.Yes, s.No, yesPrices);
                Books[s.MarketTicker] = book;
                break;
            case KalshiOrderbookDelta d:
                Deltas++;
                if (!Books.TryGetValue(d.MarketTicker, out var target))
                {
                    Problems.Add($"delta for {d.MarketTicker} before its snapshot");
                    break;
                }

                target.Apply(d.Side, d.Price, d.Delta, yesPrices);
                break;
            case KalshiTicker t:
                LastTickers[t.MarketTicker] = t;
                break;
            case KalshiTrade:
                Trades++;
                break;
            case KalshiSubscribed:
                Interlocked.Increment(ref Subscribed);
                break;
        }
    }
}
