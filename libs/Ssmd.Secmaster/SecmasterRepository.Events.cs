using Npgsql;
using NpgsqlTypes;

namespace Ssmd.Secmaster;

public sealed partial class SecmasterRepository
{
    /// <summary>
    /// Records that JetStream acknowledged these changes' events, so they are not sent again. The mark
    /// only moves over an unbroken run of versions: a change published while an earlier one is still
    /// unpublished leaves the earlier one to <see cref="ReadUnpublishedAsync"/>.
    /// </summary>
    public async Task MarkPublishedAsync(IReadOnlyCollection<SecmasterChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
            return;
        var runs = UnbrokenRuns(changes);

        // One round trip, one implicit transaction. Creations (runs from version 1) come off the list their
        // transaction made (most of a sync's events: no row per market); runs that end above version 1
        // move the market's mark.
        await using var batch = DataSource.CreateBatch();
        if (runs.Created.Length > 0)
        {
            // Struck off whichever list holds them (the lists are the pages and creations still in flight:
            // a few rows). The new tickers are computed from the row being updated, so two markers of the
            // same list never undo each other; a list left empty is removed.
            var strike = new NpgsqlBatchCommand(
                "UPDATE market_created_unpublished c SET tickers = ARRAY(SELECT unnest(c.tickers) EXCEPT SELECT unnest($1::text[])) " +
                "WHERE c.id IN (SELECT l.id FROM market_created_unpublished l, unnest(l.tickers) AS u(t) WHERE u.t = ANY($1::text[]))");
            strike.Parameters.Add(new NpgsqlParameter { Value = runs.Created, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            batch.BatchCommands.Add(strike);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM market_created_unpublished WHERE cardinality(tickers) = 0"));
        }

        if (runs.Marked.Length > 0)
        {
            // Driven by the primary key: the mark of each ticker is looked up by a correlated sub-select (a
            // join let the planner hash the whole table once per batch), and the run is recorded only where
            // it continues what is published (PublishedUpTo). A run from version 1 continues
            // any mark below its end, which the conflict clause checks already. A run that does not (a
            // version below it is still in flight) is kept aside, to be folded in once that one is marked.
            batch.BatchCommands.Add(RunsCommand(MarkSql, runs));
            batch.BatchCommands.Add(RunsCommand(AheadSql, runs));
        }

        var fold = new NpgsqlBatchCommand(FoldAheadSql);
        batch.BatchCommands.Add(fold);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (fold.RecordsAffected > 0)
            await FoldAheadAsync(cancellationToken);
    }

    /// <summary>
    /// Folds the runs kept aside into the marks they continue, pass after pass: a run that continues one
    /// just folded needs another (versions acknowledged ahead, apart). The table is empty but for races.
    /// </summary>
    private async Task FoldAheadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var fold = DataSource.CreateCommand(FoldAheadSql);
            if (await fold.ExecuteNonQueryAsync(cancellationToken) == 0)
                return;
        }
    }

    private static NpgsqlBatchCommand RunsCommand(string sql, PublishedRuns runs)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = runs.Marked, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = runs.MarkedFrom, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = runs.MarkedTo, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        return command;
    }

    /// <summary>
    /// The last version of <paramref name="ticker"/> whose event was acknowledged, as SQL: its
    /// <paramref name="mark"/> when it has one; else 1, or 0 while its creation is still listed as
    /// unpublished. The one definition of "published" that marking and <see cref="ReadUnpublishedAsync"/> share.
    /// </summary>
    private static string PublishedUpTo(string ticker, string mark) =>
        $"coalesce({mark}, CASE WHEN {ticker} IN (SELECT unnest(c.tickers) FROM market_created_unpublished c) THEN 0 ELSE 1 END)";

    /// <summary>
    /// Per ticker, the unbroken run of versions from its lowest one: versions after a missing one (its
    /// event not acknowledged) stay unpublished and are sent again with it. Runs from version 1 are
    /// creations (struck off their list); runs ending above version 1 move a mark (a run 1..3 is both).
    /// One sort and one pass: this runs for every 1,000 events a sync publishes.
    /// </summary>
    private static PublishedRuns UnbrokenRuns(IReadOnlyCollection<SecmasterChange> changes)
    {
        var sorted = changes.ToArray();
        System.Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Ticker, b.Ticker) is var byTicker and not 0 ? byTicker : a.Version.CompareTo(b.Version));
        var created = new List<string>(sorted.Length);
        var marked = new List<string>();
        var from = new List<int>();
        var to = new List<int>();
        var i = 0;
        while (i < sorted.Length)
        {
            var (ticker, first) = (sorted[i].Ticker, sorted[i].Version);
            if (first == 1)
                created.Add(ticker);

            var last = first;
            for (i++; i < sorted.Length && string.Equals(sorted[i].Ticker, ticker, StringComparison.Ordinal); i++)
            {
                if (sorted[i].Version == last + 1)
                    last++;
                else if (sorted[i].Version > last + 1)
                    break;
            }

            // Skip what is left of this ticker after a gap.
            while (i < sorted.Length && string.Equals(sorted[i].Ticker, ticker, StringComparison.Ordinal))
                i++;
            if (last > 1)
            {
                marked.Add(ticker);
                from.Add(first);
                to.Add(last);
            }
        }

        return new PublishedRuns([.. created], [.. marked], [.. from], [.. to]);
    }

    private readonly record struct PublishedRuns(string[] Created, string[] Marked, int[] MarkedFrom, int[] MarkedTo);

    private static readonly string MarkSql =
        "INSERT INTO market_published AS p (ticker, version) " +
        "SELECT v.ticker, v.last FROM unnest($1::text[], $2::integer[], $3::integer[]) AS v(ticker, first, last) " +
        "WHERE v.first = 1 OR " + PublishedUpTo("v.ticker", "(SELECT o.version FROM market_published o WHERE o.ticker = v.ticker)") + " BETWEEN v.first - 1 AND v.last - 1 " +
        "ON CONFLICT (ticker) DO UPDATE SET version = EXCLUDED.version WHERE p.version < EXCLUDED.version";

    /// <summary>Runs acknowledged above a version still unpublished (after <see cref="MarkSql"/>, which took the others).</summary>
    private static readonly string AheadSql =
        "INSERT INTO market_published_ahead AS a (ticker, first, last) " +
        "SELECT v.ticker, v.first, v.last FROM unnest($1::text[], $2::integer[], $3::integer[]) AS v(ticker, first, last) " +
        "WHERE v.first > 1 AND " + PublishedUpTo("v.ticker", "(SELECT o.version FROM market_published o WHERE o.ticker = v.ticker)") + " < v.first - 1 " +
        "ON CONFLICT (ticker, first) DO UPDATE SET last = greatest(a.last, EXCLUDED.last)";

    /// <summary>
    /// Moves the mark over the runs kept aside that now continue it, and forgets them (also those a later
    /// publish covered already). Rows affected: the marks moved.
    /// </summary>
    private static readonly string FoldAheadSql =
        "WITH folded AS (DELETE FROM market_published_ahead a WHERE " +
        PublishedUpTo("a.ticker", "(SELECT o.version FROM market_published o WHERE o.ticker = a.ticker)") + " >= a.first - 1 RETURNING a.ticker, a.last) " +
        "INSERT INTO market_published AS p (ticker, version) SELECT ticker, max(last) FROM folded GROUP BY ticker " +
        "ON CONFLICT (ticker) DO UPDATE SET version = EXCLUDED.version WHERE p.version < EXCLUDED.version";

    private static readonly string UnpublishedSql =
        "SELECT h.ticker, h.version, h.field, h.old_value, h.new_value, h.source, h.changed_at FROM " +
        "(SELECT s.ticker, s.published FROM (SELECT m.ticker, m.version, " + PublishedUpTo("m.ticker", "p.version") + " AS published " +
        "FROM markets m LEFT JOIN market_published p ON p.ticker = m.ticker) s WHERE s.published < s.version ORDER BY s.ticker LIMIT $1) q " +
        "JOIN market_history h ON h.ticker = q.ticker AND h.version > q.published ORDER BY h.ticker, h.version, h.id";

    /// <summary>
    /// Changes committed but never acknowledged by JetStream (the process stopped between commit and
    /// publish), rebuilt from <c>market_history</c>, oldest first, at most <paramref name="limit"/> markets.
    /// </summary>
    public async Task<List<SecmasterChange>> ReadUnpublishedAsync(int limit, CancellationToken cancellationToken = default)
    {
        // Two publishers mark at once (the sync's and the lifecycle's): a run one kept aside while the other
        // moved the mark below it, unseen, is folded here before it would be taken for unpublished.
        await FoldAheadAsync(cancellationToken);
        await using var command = DataSource.CreateCommand(UnpublishedSql);
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var changes = new List<SecmasterChange>();
        string? ticker = null;
        var version = 0;
        var source = "";
        var at = DateTimeOffset.MinValue;
        List<SecmasterFieldChange>? fields = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var rowTicker = reader.GetString(0);
            var rowVersion = reader.GetInt32(1);
            if (rowTicker != ticker || rowVersion != version)
            {
                if (fields is not null)
                    changes.Add(new SecmasterChange(ticker!, version, source, at, fields));
                (ticker, version, source, at, fields) = (rowTicker, rowVersion, reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), []);
            }

            fields!.Add(new SecmasterFieldChange(reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        if (fields is not null)
            changes.Add(new SecmasterChange(ticker!, version, source, at, fields));
        return changes;
    }
}
