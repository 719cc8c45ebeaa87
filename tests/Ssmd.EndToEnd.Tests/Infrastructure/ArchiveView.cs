using Ssmd.Capnp;
using Ssmd.Connector.Tests.Infrastructure;
using Ssmd.Environments;
using Ssmd.Normalized;
using Ssmd.Storage;
using Ssmd.Streams;

namespace Ssmd.EndToEnd.Tests.Infrastructure;

/// <summary>What the archive files hold, read back with <see cref="ArchiveReader"/> as a backtest would.</summary>
internal sealed class ArchiveView(string folder, StorageDefinition storage, DateOnly firstDay)
{
    private readonly ArchiveReader _reader = new(new FolderObjectStore(folder), storage);

    /// <summary>The days written since the test began (the archive's day is the receive day).</summary>
    private List<DateOnly> Days => [.. new[] { firstDay, DateOnly.FromDateTime(DateTime.UtcNow) }.Distinct()];

    /// <summary>Every raw line archived, in file order.</summary>
    public async Task<List<byte[]>> RawAsync(CancellationToken ct)
    {
        var archived = new List<byte[]>();
        foreach (var day in Days)
        {
            await foreach (var line in _reader.ReadRawAsync(day, cancellationToken: ct))
                archived.Add(line.Data.ToArray());
        }

        return archived;
    }

    /// <summary>The normalized archive folded: books (YES terms) and trade totals per market, and any inconsistency seen.</summary>
    public async Task<(Dictionary<string, FoldedBook> Books, Dictionary<string, TradeTotals> Trades, List<string> Problems)> FoldAsync(CancellationToken ct)
    {
        var books = new List<JetStreamReader.RawMessage>();
        var trades = new Dictionary<string, TradeTotals>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var reader = new MessageReader();
        foreach (var day in Days)
        {
            await foreach (var e in _reader.ReadNormalizedAsync(day, [NormalizedKind.Orderbook, NormalizedKind.Trade], cancellationToken: ct))
            {
                if (e.Kind == NormalizedKind.Orderbook)
                {
                    books.Add(new JetStreamReader.RawMessage(SsmdSubjects.Normalized("kalshi", e.Kind, e.Ticker), e.Message, null, 0));
                    continue;
                }

                reader.Load(e.Message);
                var trade = Trade.ReadRoot(reader);
                if (!ids.Add(trade.TradeId.ToString()))
                    problems.Add($"{e.Ticker}: trade {trade.TradeId} archived twice");
                trades[e.Ticker] = trades.GetValueOrDefault(e.Ticker).Add(trade.Price, trade.Size);
            }
        }

        return (JetStreamReader.FoldBooks(books, problems), trades, problems);
    }
}
