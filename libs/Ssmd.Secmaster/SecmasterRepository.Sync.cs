using Npgsql;
using NpgsqlTypes;
using Ssmd.Secmaster.Internal;

namespace Ssmd.Secmaster;

public sealed partial class SecmasterRepository
{
    /// <summary>
    /// Writes one page of markets in one transaction: markets not seen before are COPYed straight into
    /// <c>markets</c> (with a <c>created</c> history row each); known ones are COPYed into a temporary table
    /// and only the rows whose values differ are updated, one history row per changed field. The scan's
    /// cursor is saved in the same transaction. Returns the committed changes (nothing for unchanged markets).
    /// </summary>
    /// <param name="readAt">When the page was asked for: a market a lifecycle message changed since is left to the next sync (null: none is).</param>
    internal async Task<List<SecmasterChange>> WriteMarketPageAsync(IReadOnlyList<MarketRow> rows, SyncScope? scope, CancellationToken cancellationToken, DateTimeOffset? readAt = null)
    {
        var now = StoredNow();
        var changes = new List<SecmasterChange>();

        // Data can change between pages and within one: the last copy of a ticker wins.
        var latest = new Dictionary<string, MarketRow>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
            latest[row.Ticker] = row;

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The page opens with one round trip: the write lock, the session's UTC, the look-up of the known
        // markets' hashes (which lists the others as created and unpublished), and the scan's cursor. A batch
        // runs its statements in order, so all of it is under the lock: the markets the look-up does not
        // return are the new ones, COPYed below with their history.
        var known = new Dictionary<string, long?>(latest.Count, StringComparer.Ordinal);
        HashSet<string>? newer = null;
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(LockSql));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(UtcSql));
            if (latest.Count > 0)
            {
                var tickers = latest.Keys.ToArray();
                var lookUp = new NpgsqlBatchCommand(MarketSql.SelectKnownListNew);
                lookUp.Parameters.Add(new NpgsqlParameter { Value = tickers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                lookUp.Parameters.Add(new NpgsqlParameter { Value = readAt is { } at ? at : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
                batch.BatchCommands.Add(lookUp);
            }

            if (scope is not null)
                batch.BatchCommands.Add(SaveScopeCommand(scope, now));

            // Result sets come in statement order and only statements that return rows have one: the
            // lock's single row first, then the look-up. Anything else is a mistake in this batch.
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (reader.FieldCount != 1)
                throw new InvalidOperationException($"page write: expected the lock's result first, got {reader.FieldCount} columns");
            if (latest.Count > 0)
            {
                if (!await reader.NextResultAsync(cancellationToken) || reader.FieldCount != 3)
                    throw new InvalidOperationException("page write: the look-up of known markets returned no (ticker, sync_hash, newer) result");
                while (await reader.ReadAsync(cancellationToken))
                {
                    known[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetInt64(1);
                    if (reader.GetBoolean(2))
                        (newer ??= new HashSet<string>(StringComparer.Ordinal)).Add(reader.GetString(0));
                }
            }
        }

        if (latest.Count > 0)
        {
            // Known markets with the same exchange object as last time are not even compared.
            var existing = new List<MarketRow>();
            var fresh = new List<MarketRow>(latest.Count - known.Count);
            foreach (var row in latest.Values)
            {
                if (!known.TryGetValue(row.Ticker, out var hash))
                    fresh.Add(row);
                else if (hash != row.SyncHash && newer?.Contains(row.Ticker) != true)
                    existing.Add(row); // (a market changed by a lifecycle message after this page was read keeps the newer state)
            }

            if (existing.Count > 0)
                await UpdateKnownAsync(connection, transaction, existing, now, changes, cancellationToken);
            if (fresh.Count > 0)
                await InsertFreshAsync(connection, fresh, now, changes, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return changes;
    }

    private static async Task UpdateKnownAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<MarketRow> rows, DateTimeOffset now, List<SecmasterChange> changes, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(MarketSql.CreateIncoming, connection, transaction))
            await create.ExecuteNonQueryAsync(cancellationToken);

        await using (var importer = await connection.BeginBinaryImportAsync(MarketSql.CopyIncoming, cancellationToken))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken);
                await WriteMarketColumnsAsync(importer, rows[i], cancellationToken);
                await importer.WriteAsync(rows[i].SyncHash, NpgsqlDbType.Bigint, cancellationToken);
                if (rows[i].Keep is { } keep)
                    await importer.WriteAsync(keep.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                else
                    await importer.WriteNullAsync(cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        // The update (its history rows are the result) and the hash refresh in one round trip.
        await using var batch = new NpgsqlBatch(connection, transaction);
        var update = new NpgsqlBatchCommand(MarketSql.UpdateChanged);
        update.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        batch.BatchCommands.Add(update);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(MarketSql.UpdateHashes));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await ReadChangesAsync(reader, "sync", now, changes, cancellationToken);
    }

    private static async Task InsertFreshAsync(NpgsqlConnection connection, List<MarketRow> rows, DateTimeOffset now, List<SecmasterChange> changes, CancellationToken cancellationToken)
    {
        await using (var importer = await connection.BeginBinaryImportAsync(MarketSql.CopyMarkets, cancellationToken))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                await WriteMarketColumnsAsync(importer, row, cancellationToken);
                await importer.WriteAsync(row.SyncHash, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        // A 'created' history row each, in page order, in the same transaction.
        await using (var importer = await connection.BeginBinaryImportAsync(MarketSql.CopyCreatedHistory, cancellationToken))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(row.Ticker, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync("created", NpgsqlDbType.Text, cancellationToken);
                if (row.Status is { } status)
                    await importer.WriteAsync(status, NpgsqlDbType.Text, cancellationToken);
                else
                    await importer.WriteNullAsync(cancellationToken);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync("sync", NpgsqlDbType.Text, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        foreach (var row in rows)
            changes.Add(new SecmasterChange(row.Ticker, 1, "sync", now, [new SecmasterFieldChange("created", null, row.Status)]));
    }

    /// <summary>ticker, every <see cref="MarketColumns"/> column, raw.</summary>
    private static async Task WriteMarketColumnsAsync(NpgsqlBinaryImporter importer, MarketRow row, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(row.Ticker, NpgsqlDbType.Text, cancellationToken);
        foreach (var column in MarketColumns.All)
            await column.Write(importer, row, cancellationToken);

        await importer.WriteAsync(row.RawUtf8, NpgsqlDbType.Jsonb, cancellationToken);
    }

    /// <summary>Upserts a page of events (only rows whose values differ are written) and saves the scan's cursor.</summary>
    internal Task<int> WriteEventPageAsync(IReadOnlyList<EventRow> rows, SyncScope? scope, CancellationToken cancellationToken)
    {
        var now = StoredNow();
        rows = LastOfEach(rows, r => r.EventTicker);
        NpgsqlBatchCommand? upsert = null;
        if (rows.Count > 0)
        {
            // unnest of one array per column: a page costs seven parameters whatever its size.
            upsert = new NpgsqlBatchCommand(
                "INSERT INTO events AS e (event_ticker, series_ticker, title, sub_title, mutually_exclusive, strike_date, raw, first_seen_at, updated_at) " +
                "SELECT t, s, ti, st, me, sd, r, $8, $8 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::timestamptz[], $7::jsonb[]) AS u(t, s, ti, st, me, sd, r) " +
                "ON CONFLICT (event_ticker) DO UPDATE SET series_ticker = EXCLUDED.series_ticker, title = EXCLUDED.title, sub_title = EXCLUDED.sub_title, " +
                "mutually_exclusive = EXCLUDED.mutually_exclusive, strike_date = EXCLUDED.strike_date, raw = EXCLUDED.raw, updated_at = EXCLUDED.updated_at " +
                "WHERE ROW(e.series_ticker, e.title, e.sub_title, e.mutually_exclusive, e.strike_date, e.raw) IS DISTINCT FROM " +
                "ROW(EXCLUDED.series_ticker, EXCLUDED.title, EXCLUDED.sub_title, EXCLUDED.mutually_exclusive, EXCLUDED.strike_date, EXCLUDED.raw)");
            upsert.Parameters.Add(Array(rows.Select(r => r.EventTicker), NpgsqlDbType.Text));
            upsert.Parameters.Add(Array(rows.Select(r => r.SeriesTicker), NpgsqlDbType.Text));
            upsert.Parameters.Add(Array(rows.Select(r => r.Title), NpgsqlDbType.Text));
            upsert.Parameters.Add(Array(rows.Select(r => r.SubTitle), NpgsqlDbType.Text));
            upsert.Parameters.Add(Array(rows.Select(r => r.MutuallyExclusive), NpgsqlDbType.Boolean));
            upsert.Parameters.Add(Array(rows.Select(r => r.StrikeDate), NpgsqlDbType.TimestampTz));
            upsert.Parameters.Add(Array(rows.Select(r => r.RawJson), NpgsqlDbType.Jsonb));
            upsert.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        }

        return WriteCatalogPageAsync(upsert, scope, now, cancellationToken);
    }

    /// <summary>Upserts a page of series (only rows whose values differ are written) and saves the scan's cursor.</summary>
    internal Task<int> WriteSeriesPageAsync(IReadOnlyList<SeriesRow> rows, SyncScope? scope, CancellationToken cancellationToken)
    {
        var now = StoredNow();
        rows = LastOfEach(rows, r => r.Ticker);
        NpgsqlBatchCommand? upsert = null;
        if (rows.Count > 0)
        {
            // Tags go as one JSON text per series: PostgreSQL arrays cannot nest ragged text[] arrays.
            upsert = new NpgsqlBatchCommand(
                "INSERT INTO series AS s (ticker, title, category, tags, frequency, raw, first_seen_at, updated_at) " +
                "SELECT t, ti, c, CASE WHEN tg IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(tg)) END, f, r, $7, $7 " +
                "FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::jsonb[]) AS u(t, ti, c, tg, f, r) " +
                "ON CONFLICT (ticker) DO UPDATE SET title = EXCLUDED.title, category = EXCLUDED.category, tags = EXCLUDED.tags, " +
                "frequency = EXCLUDED.frequency, raw = EXCLUDED.raw, updated_at = EXCLUDED.updated_at " +
                "WHERE ROW(s.title, s.category, s.tags, s.frequency, s.raw) IS DISTINCT FROM ROW(EXCLUDED.title, EXCLUDED.category, EXCLUDED.tags, EXCLUDED.frequency, EXCLUDED.raw)");
            upsert.Parameters.Add(Array(rows.Select(r => r.Ticker), NpgsqlDbType.Text));
            upsert.Parameters.Add(Array(rows.Select(r => r.Title), NpgsqlDbType.Text));
            upsert.Parameters.Add(Array(rows.Select(r => r.Category), NpgsqlDbType.Text));
            upsert.Parameters.Add(Array(rows.Select(r => r.Tags is null ? null : System.Text.Json.JsonSerializer.Serialize(r.Tags)), NpgsqlDbType.Jsonb));
            upsert.Parameters.Add(Array(rows.Select(r => r.Frequency), NpgsqlDbType.Text));
            upsert.Parameters.Add(Array(rows.Select(r => r.RawJson), NpgsqlDbType.Jsonb));
            upsert.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        }

        return WriteCatalogPageAsync(upsert, scope, now, cancellationToken);
    }

    /// <summary>
    /// A page can repeat a ticker: the last copy wins, as in a market page. The upserts rely on it: an
    /// <c>INSERT … ON CONFLICT DO UPDATE</c> refuses to touch one row twice. (The <c>DISTINCT ON</c> they had
    /// kept an unspecified copy: PostgreSQL kept the first.)
    /// </summary>
    private static IReadOnlyList<T> LastOfEach<T>(IReadOnlyList<T> rows, Func<T, string> ticker)
    {
        var latest = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
            latest[ticker(rows[i])] = i;
        if (latest.Count == rows.Count)
            return rows;
        var kept = new List<T>(latest.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            if (latest[ticker(rows[i])] == i)
                kept.Add(rows[i]);
        }

        return kept;
    }

    /// <summary>
    /// Runs a catalog page's upsert and saves the scan's cursor in one round trip. The statements of one
    /// batch run in one implicit transaction (no error barriers: an error rolls back the earlier statements
    /// and skips the later ones), so the rows and the cursor commit together or not at all. A catalog page
    /// is small (200 narrow rows at most), so its fixed cost counts: with the upsert, the cursor and the
    /// COMMIT each waiting for the server, the events catalog cost this process and PostgreSQL about 40%
    /// more CPU. (Two market pages per transaction, half their waits, made no difference.)
    /// </summary>
    /// <returns>Rows the upsert inserted or changed.</returns>
    private async Task<int> WriteCatalogPageAsync(NpgsqlBatchCommand? upsert, SyncScope? scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = DataSource.CreateBatch();
        if (upsert is not null)
            batch.BatchCommands.Add(upsert);
        if (scope is not null)
            batch.BatchCommands.Add(SaveScopeCommand(scope, now));
        if (batch.BatchCommands.Count == 0)
            return 0;
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return upsert?.RecordsAffected ?? 0;
    }

    /// <summary>The scan to resume for <paramref name="scope"/>: its run id and next cursor, or null to start afresh.</summary>
    internal async Task<SyncScope?> ReadUnfinishedScopeAsync(string scope, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand("SELECT run_id, next_cursor FROM sync_state WHERE scope = $1 AND completed_at IS NULL AND next_cursor IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = scope });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new SyncScope(scope, reader.GetGuid(0), reader.GetString(1)) : null;
    }

    /// <summary>Saves where the scan of <paramref name="scope"/> stands (its run, next cursor, page count; completed when the cursor is null).</summary>
    private static NpgsqlBatchCommand SaveScopeCommand(SyncScope scope, DateTimeOffset now)
    {
        const string sql =
            "INSERT INTO sync_state AS s (scope, run_id, next_cursor, pages, started_at, updated_at, completed_at) VALUES ($1, $2, $3, 1, $4, $4, CASE WHEN $3 IS NULL THEN $4 END) " +
            "ON CONFLICT (scope) DO UPDATE SET run_id = EXCLUDED.run_id, next_cursor = EXCLUDED.next_cursor, updated_at = EXCLUDED.updated_at, completed_at = EXCLUDED.completed_at, " +
            "pages = CASE WHEN s.run_id = EXCLUDED.run_id THEN s.pages + 1 ELSE 1 END, started_at = CASE WHEN s.run_id = EXCLUDED.run_id THEN s.started_at ELSE EXCLUDED.started_at END";
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = scope.Scope });
        command.Parameters.Add(new NpgsqlParameter { Value = scope.RunId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)scope.NextCursor ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return command;
    }

    private static NpgsqlParameter Array<T>(IEnumerable<T> values, NpgsqlDbType elementType) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | elementType };
}
