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
        var (tickers, from, to) = UnbrokenRuns(changes);
        if (System.Array.TrueForAll(from, static f => f == 1) && await TryCopyFirstMarksAsync(tickers, to, cancellationToken))
            return;

        // One statement, driven by the primary key: the mark of each ticker is looked up by a correlated
        // sub-select (a join let the planner hash the whole table once per batch), and the run is
        // recorded only where it continues the mark (none yet means 0). A run from version 1 continues any
        // mark below its end, which the conflict clause checks already: new markets skip the look-up.
        const string sql =
            "INSERT INTO market_published AS p (ticker, version) " +
            "SELECT v.ticker, v.last FROM unnest($1::text[], $2::integer[], $3::integer[]) AS v(ticker, first, last) " +
            "WHERE v.first = 1 OR coalesce((SELECT o.version FROM market_published o WHERE o.ticker = v.ticker), 0) BETWEEN v.first - 1 AND v.last - 1 " +
            "ON CONFLICT (ticker) DO UPDATE SET version = EXCLUDED.version WHERE p.version < EXCLUDED.version";
        await using var command = DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = tickers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = from, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = to, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The marks of markets published for the first time (a sync's new markets: most of its events), by
    /// COPY: they have no mark to continue, and COPY costs PostgreSQL about half the statement's work. A mark
    /// already there (the same events republished by another worker) fails the COPY, which writes nothing:
    /// returns false and the statement, which keeps the higher mark, records them instead.
    /// </summary>
    private async Task<bool> TryCopyFirstMarksAsync(string[] tickers, int[] versions, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var importer = await connection.BeginBinaryImportAsync("COPY market_published (ticker, version) FROM STDIN (FORMAT BINARY)", cancellationToken);
            for (var i = 0; i < tickers.Length; i++)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(tickers[i], NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(versions[i], NpgsqlDbType.Integer, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    /// <summary>
    /// Per ticker, the unbroken run of versions from its lowest one: versions after a missing one (its
    /// event not acknowledged) stay unpublished and are sent again with it. One sort and one pass: this runs for
    /// every 1,000 events a sync publishes, and a LINQ grouping made several objects per ticker.
    /// </summary>
    private static (string[] Tickers, int[] From, int[] To) UnbrokenRuns(IReadOnlyCollection<SecmasterChange> changes)
    {
        var sorted = changes.ToArray();
        System.Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Ticker, b.Ticker) is var byTicker and not 0 ? byTicker : a.Version.CompareTo(b.Version));
        var tickers = new List<string>(sorted.Length);
        var from = new List<int>(sorted.Length);
        var to = new List<int>(sorted.Length);
        var broken = false;
        for (var i = 0; i < sorted.Length; i++)
        {
            var (ticker, version) = (sorted[i].Ticker, sorted[i].Version);
            if (i == 0 || !string.Equals(ticker, sorted[i - 1].Ticker, StringComparison.Ordinal))
            {
                tickers.Add(ticker);
                from.Add(version);
                to.Add(version);
                broken = false;
            }
            else if (!broken && version <= to[^1] + 1)
            {
                to[^1] = version;
            }
            else
            {
                broken = true;
            }
        }

        return ([.. tickers], [.. from], [.. to]);
    }

    /// <summary>
    /// Changes committed but never acknowledged by JetStream (the process stopped between commit and
    /// publish), rebuilt from <c>market_history</c>, oldest first, at most <paramref name="limit"/> markets.
    /// </summary>
    public async Task<List<SecmasterChange>> ReadUnpublishedAsync(int limit, CancellationToken cancellationToken = default)
    {
        const string sql =
            "SELECT h.ticker, h.version, h.field, h.old_value, h.new_value, h.source, h.changed_at FROM " +
            "(SELECT m.ticker, coalesce(p.version, 0) AS published FROM markets m LEFT JOIN market_published p ON p.ticker = m.ticker " +
            "WHERE coalesce(p.version, 0) < m.version ORDER BY m.ticker LIMIT $1) q " +
            "JOIN market_history h ON h.ticker = q.ticker AND h.version > q.published ORDER BY h.ticker, h.version, h.id";
        await using var command = DataSource.CreateCommand(sql);
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
