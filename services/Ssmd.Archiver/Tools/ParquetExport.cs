using Parquet;
using Parquet.Serialization;
using Ssmd.Capnp;
using Ssmd.Normalized;
using Ssmd.Storage;
using Ssmd.Streams;

namespace Ssmd.Archiver.Tools;

/// <summary>
/// Writes one normalized kind of an archived day to a Parquet file (zstd), for backtests in DuckDB, pandas
/// or Spark: events in receive order, one row each (one per level for book snapshots), in row groups of about
/// <see cref="RowGroupRows"/> rows (a group ends with an event's last row) so memory stays bounded however long the day. Built from the archive, off the
/// live path (LESSONS.md).
/// </summary>
internal static class ParquetExport
{
    public const int RowGroupRows = 100_000;

    /// <summary>Writes the events of <paramref name="kind"/> to <paramref name="output"/> (readable and seekable); returns the rows written.</summary>
    /// <exception cref="CapnpFormatException">An archived message is not a valid message of its kind.</exception>
    public static Task<long> WriteAsync(IAsyncEnumerable<NormalizedArchiveEvent> events, NormalizedKind kind, Stream output, CancellationToken cancellationToken,
        int rowGroupRows = RowGroupRows) => kind switch
    {
        NormalizedKind.Trade => WriteAsync<TradeRow>(events, output, TradeRows, rowGroupRows, cancellationToken),
        NormalizedKind.Orderbook => WriteAsync<BookRow>(events, output, BookRows, rowGroupRows, cancellationToken),
        NormalizedKind.Ticker => WriteAsync<TickerRow>(events, output, TickerRows, rowGroupRows, cancellationToken),
        NormalizedKind.Status => WriteAsync<StatusRow>(events, output, StatusRows, rowGroupRows, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a normalized kind"),
    };

    private static async Task<long> WriteAsync<TRow>(IAsyncEnumerable<NormalizedArchiveEvent> events, Stream output,
        Action<MessageReader, List<TRow>> toRows, int rowGroupRows, CancellationToken cancellationToken)
    {
        var reader = new MessageReader();
        var rows = new List<TRow>(Math.Min(rowGroupRows, RowGroupRows));
        long written = 0;
        var groups = 0;
        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            reader.Load(e.Message);
            toRows(reader, rows);
            if (rows.Count >= rowGroupRows)
                written += await FlushAsync(rows, output, groups++, cancellationToken).ConfigureAwait(false);
        }

        // A day without events still gets a file with its columns: an empty table, not an error.
        if (rows.Count > 0 || groups == 0)
            written += await FlushAsync(rows, output, groups, cancellationToken).ConfigureAwait(false);
        return written;
    }

    private static async Task<int> FlushAsync<TRow>(List<TRow> rows, Stream output, int group, CancellationToken cancellationToken)
    {
        // Parquet.Net's default level is zstd's smallest size: 6.6x the time for 11% less on the gold tape's books.
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = System.IO.Compression.CompressionLevel.Optimal, Append = group > 0 };
        await ParquetSerializer.SerializeAsync(rows, output, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        var count = rows.Count;
        rows.Clear();
        return count;
    }

    private static void TradeRows(MessageReader message, List<TradeRow> rows)
    {
        var t = Trade.ReadRoot(message);
        rows.Add(new TradeRow
        {
            Ticker = t.Ticker.ToString(),
            ExchangeTimeNs = t.ExchangeTime,
            ReceiveTimeNs = t.ReceiveTime,
            Sequence = (long)t.Sequence,
            TradeId = t.TradeId.ToString(),
            Price = Dollars(t.Price),
            Size = Contracts(t.Size),
            TakerSide = SchemaNames.Of(t.TakerSide),
            IsBlockTrade = t.IsBlockTrade,
        });
    }

    private static void BookRows(MessageReader message, List<BookRow> rows)
    {
        var update = OrderBookUpdate.ReadRoot(message);
        if (update.Which != OrderBookUpdate.Which.Snapshot)
        {
            var d = update.Delta;
            rows.Add(new BookRow
            {
                Ticker = d.Ticker.ToString(),
                ExchangeTimeNs = d.ExchangeTime,
                ReceiveTimeNs = d.ReceiveTime,
                Sequence = (long)d.Sequence,
                Side = SchemaNames.Of(d.Side),
                Price = Dollars(d.Price),
                Size = Contracts(d.NewSize),
                Delta = Contracts(d.Delta),
            });
            return;
        }

        var s = update.Snapshot;
        var ticker = s.Ticker.ToString();
        var first = rows.Count;
        foreach (var (side, levels) in new[] { (BookSide.Bid, s.Bids), (BookSide.Ask, s.Asks) })
        {
            foreach (var level in levels)
            {
                rows.Add(new BookRow
                {
                    Ticker = ticker,
                    ExchangeTimeNs = s.ExchangeTime,
                    ReceiveTimeNs = s.ReceiveTime,
                    Sequence = (long)s.Sequence,
                    IsSnapshot = true,
                    Side = SchemaNames.Of(side),
                    Price = Dollars(level.Price),
                    Size = Contracts(level.Size),
                });
            }
        }

        // An empty book is a fact too: without this row a reader would keep the book it had.
        if (rows.Count == first)
            rows.Add(new BookRow { Ticker = ticker, ExchangeTimeNs = s.ExchangeTime, ReceiveTimeNs = s.ReceiveTime, Sequence = (long)s.Sequence, IsSnapshot = true });
    }

    private static void TickerRows(MessageReader message, List<TickerRow> rows)
    {
        var t = Ticker.ReadRoot(message);
        rows.Add(new TickerRow
        {
            Ticker = t.Ticker.ToString(),
            ExchangeTimeNs = t.ExchangeTime,
            ReceiveTimeNs = t.ReceiveTime,
            BidPrice = Dollars(t.BidPrice),
            BidSize = Contracts(t.BidSize),
            AskPrice = Dollars(t.AskPrice),
            AskSize = Contracts(t.AskSize),
            LastPrice = Dollars(t.LastPrice),
            LastTradeSize = Contracts(t.LastTradeSize),
            Volume = Contracts(t.Volume),
            OpenInterest = Contracts(t.OpenInterest),
            DollarVolume = t.DollarVolume,
            DollarOpenInterest = t.DollarOpenInterest,
            MarketId = t.MarketId.ToString(),
        });
    }

    private static void StatusRows(MessageReader message, List<StatusRow> rows)
    {
        var s = MarketStatus.ReadRoot(message);
        var row = new StatusRow
        {
            Ticker = s.Ticker.ToString(),
            ExchangeTimeNs = s.ExchangeTime,
            ReceiveTimeNs = s.ReceiveTime,
            Sequence = (long)s.Sequence,
            Status = SchemaNames.Of(s.Status),
            Event = SchemaNames.Of(s.Event),
            RawEventType = s.RawEventType.ToString(),
        };
        var details = s.Details;
        switch (details.Which)
        {
            case MarketStatus.Details.Which.Created:
                var created = details.Created;
                (row.OpenTimeNs, row.CloseTimeNs, row.EventTicker, row.Title) = (created.OpenTime, created.CloseTime, created.EventTicker.ToString(), created.Title.ToString());
                break;
            case MarketStatus.Details.Which.CloseTime:
                row.CloseTimeNs = details.CloseTime;
                break;
            case MarketStatus.Details.Which.Paused:
                row.Paused = details.Paused;
                break;
            case MarketStatus.Details.Which.Determined:
                var determined = details.Determined;
                row.Result = SchemaNames.Of(determined.Result);
                // -1: the exchange sent none.
                row.SettlementValue = determined.SettlementValue >= 0 ? Dollars(determined.SettlementValue) : null;
                row.DeterminationTimeNs = determined.DeterminationTime;
                break;
            case MarketStatus.Details.Which.SettledTime:
                row.SettledTimeNs = details.SettledTime;
                break;
        }

        rows.Add(row);
    }

    // Exact: an integer divided by a power of ten is a decimal with that scale.
    private static decimal Dollars(long units) => units / 10_000m;

    private static decimal Contracts(long units) => units / 100m;
}
