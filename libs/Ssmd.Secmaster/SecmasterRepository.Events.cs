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
        var runs = changes.GroupBy(c => c.Ticker, StringComparer.Ordinal)
            .Select(g => (Ticker: g.Key, From: g.Min(c => c.Version), To: g.Max(c => c.Version)))
            .ToArray();
        await using var batch = DataSource.CreateBatch();
        // Move an existing mark over the run; a run starting at version 1 creates the mark.
        var move = new NpgsqlBatchCommand(
            "UPDATE market_published p SET version = v.last FROM unnest($1::text[], $2::integer[], $3::integer[]) AS v(ticker, first, last) " +
            "WHERE p.ticker = v.ticker AND p.version >= v.first - 1 AND p.version < v.last");
        var create = new NpgsqlBatchCommand(
            "INSERT INTO market_published (ticker, version) SELECT v.ticker, v.last FROM unnest($1::text[], $2::integer[], $3::integer[]) AS v(ticker, first, last) " +
            "WHERE v.first = 1 ON CONFLICT (ticker) DO NOTHING");
        foreach (var command in (NpgsqlBatchCommand[])[move, create])
        {
            command.Parameters.Add(new NpgsqlParameter { Value = runs.Select(r => r.Ticker).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = runs.Select(r => r.From).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            command.Parameters.Add(new NpgsqlParameter { Value = runs.Select(r => r.To).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
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
