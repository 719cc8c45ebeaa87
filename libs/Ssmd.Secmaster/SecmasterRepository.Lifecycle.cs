using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Ssmd.Secmaster;

public sealed partial class SecmasterRepository
{
    // The columns a lifecycle message may set, with the Npgsql type of each parameter.
    private static readonly (string Column, NpgsqlDbType Type, Func<SecmasterLifecycleUpdate, object?> Value)[] LifecycleColumns =
    [
        ("status", NpgsqlDbType.Text, u => u.Status ?? StatusAfter(u.Kind)),
        ("open_time", NpgsqlDbType.TimestampTz, u => u.OpenTime),
        ("close_time", NpgsqlDbType.TimestampTz, u => u.CloseTime),
        ("expected_expiration_time", NpgsqlDbType.TimestampTz, u => u.ExpectedExpirationTime),
        ("result", NpgsqlDbType.Text, u => string.IsNullOrEmpty(u.Result) ? null : u.Result),
        ("settlement_value", NpgsqlDbType.Bigint, u => u.SettlementValue),
        ("determined_at", NpgsqlDbType.TimestampTz, u => u.DeterminedAt),
        ("settled_at", NpgsqlDbType.TimestampTz, u => u.SettledAt),
        ("event_ticker", NpgsqlDbType.Text, u => u.EventTicker),
        ("title", NpgsqlDbType.Text, u => u.Title),
        ("yes_sub_title", NpgsqlDbType.Text, u => u.YesSubTitle),
        ("no_sub_title", NpgsqlDbType.Text, u => u.NoSubTitle),
        ("can_close_early", NpgsqlDbType.Boolean, u => u.CanCloseEarly),
        ("strike_type", NpgsqlDbType.Text, u => u.StrikeType),
        ("floor_strike", NpgsqlDbType.Numeric, u => u.FloorStrike),
        ("cap_strike", NpgsqlDbType.Numeric, u => u.CapStrike),
        ("price_level_structure", NpgsqlDbType.Text, u => u.PriceLevelStructure),
    ];

    private static readonly string LifecycleInsertSql =
        "WITH ins AS (INSERT INTO markets (ticker, raw, version, first_seen_at, updated_at, lifecycle_at, " +
        string.Join(", ", LifecycleColumns.Select(c => c.Column)) + ") VALUES ($1, '{}'::jsonb, 1, $2, $2, $2, " +
        string.Join(", ", LifecycleColumns.Select((_, i) => $"${i + 3}")) + ") ON CONFLICT (ticker) DO NOTHING RETURNING ticker, status),\n" +
        // Created and not yet published, as the sync lists its new markets.
        "listed AS (INSERT INTO market_created_unpublished (tickers) SELECT ARRAY[ticker] FROM ins)\n" +
        "INSERT INTO market_history (ticker, version, field, old_value, new_value, changed_at, source) " +
        "SELECT ticker, 1, 'created', NULL, status, $2, 'lifecycle' FROM ins RETURNING ticker, version, field, old_value, new_value";

    private static readonly string LifecycleUpdateSql = BuildLifecycleUpdate();

    /// <summary>
    /// Applies one lifecycle message in one transaction: each field it changes becomes a history row and
    /// the market's version goes up by one. With a <paramref name="checkpoint"/>, a message at or before
    /// the stream's recorded sequence is a redelivery and writes nothing; otherwise the sequence is
    /// recorded in the same transaction (whatever the outcome).
    /// </summary>
    internal async Task<SecmasterLifecycleResult> WriteLifecycleAsync(SecmasterLifecycleUpdate update, SecmasterLifecycleCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        var now = StoredNow();
        var changes = new List<SecmasterChange>();
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (advanced, syncStarted) = await OpenWriteAsync(connection, transaction, checkpoint, update.ReceivedAt is not null, now, cancellationToken);
        if (!advanced)
            return new SecmasterLifecycleResult(SecmasterLifecycleOutcome.Duplicate, null);
        if (update.ReceivedAt < syncStarted - StaleMargin)
        {
            await transaction.CommitAsync(cancellationToken); // the checkpoint moves past it
            return new SecmasterLifecycleResult(SecmasterLifecycleOutcome.Stale, null);
        }

        if (update.Kind == SecmasterLifecycleKind.Created)
        {
            await using var insert = LifecycleCommand(LifecycleInsertSql, connection, transaction, update, now);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            await ReadChangesAsync(reader, "lifecycle", now, changes, cancellationToken);
        }

        var known = true;
        if (changes.Count == 0)
        {
            await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM markets WHERE ticker = $1)", connection, transaction))
            {
                exists.Parameters.Add(new NpgsqlParameter { Value = update.Ticker });
                known = (bool)(await exists.ExecuteScalarAsync(cancellationToken))!;
            }

            if (known)
            {
                await using var command = LifecycleCommand(LifecycleUpdateSql, connection, transaction, update, now);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await ReadChangesAsync(reader, "lifecycle", now, changes, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        if (!known)
            return new SecmasterLifecycleResult(SecmasterLifecycleOutcome.UnknownMarket, null);
        return changes.Count == 0
            ? new SecmasterLifecycleResult(SecmasterLifecycleOutcome.Unchanged, null)
            : new SecmasterLifecycleResult(SecmasterLifecycleOutcome.Changed, changes[0]);
    }

    // How much older than the sync's start a message must be to count as already in it: REST
    // may show an event a little after the stream did, and only a backlog is meant (minutes to hours old).
    private static readonly TimeSpan StaleMargin = TimeSpan.FromMinutes(1);

    // A recreated stream (another creation time) starts again from its first sequence.
    private const string AdvanceCheckpointSql =
        "INSERT INTO lifecycle_checkpoint AS c (stream, stream_created, last_sequence, updated_at) VALUES ($1, $2, $3, $4) " +
        "ON CONFLICT (stream) DO UPDATE SET stream_created = EXCLUDED.stream_created, last_sequence = EXCLUDED.last_sequence, updated_at = EXCLUDED.updated_at " +
        "WHERE c.stream_created IS DISTINCT FROM EXCLUDED.stream_created OR c.last_sequence < EXCLUDED.last_sequence";

    // When the market scan under way started, or the last one if none is: each of its pages was read, or will
    // be, after that. (The last complete scan's start alone let every message apply while a scan ran: a
    // backlog replayed beside the start-up sync put older states over pages that sync had just committed,
    // and an unchanged REST object never corrected them.) Null before any scan.
    private const string ScanStartedSql = "SELECT started_at FROM sync_state WHERE scope = 'markets'";

    /// <summary>
    /// Opens a lifecycle write in one round trip: the write lock and UTC session, the stream's checkpoint moved
    /// to the message (<c>Advanced</c> false when it is at or before it: already applied) and, when asked, when
    /// the market scan under way (or the last one) started.
    /// </summary>
    private static async Task<(bool Advanced, DateTimeOffset? SyncStarted)> OpenWriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SecmasterLifecycleCheckpoint? checkpoint, bool askSyncStart, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(LockSql));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(UtcSql));
        NpgsqlBatchCommand? advance = null;
        if (checkpoint is not null)
        {
            advance = new NpgsqlBatchCommand(AdvanceCheckpointSql);
            advance.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Stream, NpgsqlDbType = NpgsqlDbType.Text });
            advance.Parameters.Add(new NpgsqlParameter { Value = checkpoint.StreamCreated.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            advance.Parameters.Add(new NpgsqlParameter { Value = checked((long)checkpoint.Sequence), NpgsqlDbType = NpgsqlDbType.Bigint });
            advance.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(advance);
        }

        if (askSyncStart)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(ScanStartedSql));

        DateTimeOffset? syncStarted = null;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            // Only statements that return rows have a result set: the lock's first, then the sync's start.
            if (askSyncStart && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken))
                syncStarted = new DateTimeOffset(reader.GetFieldValue<DateTime>(0), TimeSpan.Zero);
        }

        return (advance is null || advance.RecordsAffected == 1, syncStarted);
    }

    private static NpgsqlCommand LifecycleCommand(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction, SecmasterLifecycleUpdate update, DateTimeOffset now)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = update.Ticker, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        foreach (var (_, type, value) in LifecycleColumns)
        {
            var v = value(update);
            if (v is DateTimeOffset time)
                v = time.ToUniversalTime();
            command.Parameters.Add(new NpgsqlParameter { Value = v ?? DBNull.Value, NpgsqlDbType = type });
        }

        return command;
    }

    private static string? StatusAfter(SecmasterLifecycleKind kind) => kind switch
    {
        SecmasterLifecycleKind.Created => "initialized",
        SecmasterLifecycleKind.Activated => "active",
        SecmasterLifecycleKind.Deactivated => "inactive",
        SecmasterLifecycleKind.Determined => "determined",
        SecmasterLifecycleKind.Settled => "finalized",
        _ => null,
    };

    private static string BuildLifecycleUpdate()
    {
        // A 'created' for a market already known fills in its fields but does not move its status back.
        var columns = LifecycleColumns.Select((c, i) => (c.Column, Value: c.Column == "status"
            ? $"CASE WHEN ${i + 3} = 'initialized' THEN o.status ELSE COALESCE(${i + 3}, o.status) END"
            : $"COALESCE(${i + 3}, o.{c.Column})")).ToArray();
        var sql = new StringBuilder();
        sql.Append("WITH o AS (SELECT * FROM markets WHERE ticker = $1),\n");
        sql.Append("upd AS (UPDATE markets m SET ");
        sql.Append(string.Join(", ", columns.Select(c => $"{c.Column} = {c.Value}")));
        sql.Append(", version = m.version + 1, updated_at = $2, lifecycle_at = $2 FROM o WHERE m.ticker = o.ticker AND ROW(");
        sql.Append(string.Join(", ", columns.Select(c => $"o.{c.Column}")));
        sql.Append(") IS DISTINCT FROM ROW(");
        sql.Append(string.Join(", ", columns.Select(c => c.Value)));
        sql.Append(") RETURNING m.ticker, m.version");
        foreach (var (column, _) in columns)
            sql.Append($", o.{column} AS old_{column}, m.{column} AS new_{column}");
        sql.Append("),\nhist AS (INSERT INTO market_history (ticker, version, field, old_value, new_value, changed_at, source) ");
        sql.Append("SELECT u.ticker, u.version, f.field, f.old_value, f.new_value, $2, 'lifecycle' FROM upd u CROSS JOIN LATERAL (VALUES ");
        sql.Append(string.Join(", ", columns.Select(c => $"('{c.Column}', u.old_{c.Column}::text, u.new_{c.Column}::text)")));
        sql.Append(") AS f(field, old_value, new_value) WHERE f.old_value IS DISTINCT FROM f.new_value RETURNING id, ticker, version, field, old_value, new_value)\n");
        sql.Append("SELECT ticker, version, field, old_value, new_value FROM hist ORDER BY id");
        return sql.ToString();
    }
}
