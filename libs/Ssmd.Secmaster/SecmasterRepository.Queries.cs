using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Ssmd.Secmaster;

public sealed partial class SecmasterRepository
{
    private const string MarketSelect =
        "SELECT m.ticker, m.event_ticker, e.series_ticker, s.category, m.market_type, m.title, m.subtitle, m.yes_sub_title, m.no_sub_title, m.status, " +
        "m.created_time, m.open_time, m.close_time, m.expected_expiration_time, m.expiration_time, m.latest_expiration_time, m.settlement_timer_seconds, " +
        "m.can_close_early, m.result, m.expiration_value, m.settlement_value, m.determined_at, m.settled_at, m.notional_value, m.strike_type, " +
        "m.floor_strike, m.cap_strike, m.price_level_structure, m.price_ranges::text, m.raw::text, m.version, m.first_seen_at, m.updated_at " +
        "FROM markets m LEFT JOIN events e ON e.event_ticker = m.event_ticker LEFT JOIN series s ON s.ticker = e.series_ticker";

    /// <summary>Markets matching <paramref name="filter"/>, in ticker order, <paramref name="limit"/> at a time.</summary>
    /// <param name="filter">What to match; null matches every market.</param>
    /// <param name="after">The <see cref="SecmasterMarketPage.NextAfter"/> of the previous page, or null for the first.</param>
    /// <param name="limit">Page size, 1 to 10,000.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<SecmasterMarketPage> ListMarketsAsync(SecmasterMarketFilter? filter, string? after = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 10_000);
        filter ??= new SecmasterMarketFilter();
        var sql = new StringBuilder(MarketSelect).Append(" WHERE true");
        await using var command = DataSource.CreateCommand();
        void Where(string condition, object value, NpgsqlDbType type)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
            sql.Append(" AND ").Append(condition.Replace("@", $"${command.Parameters.Count}", StringComparison.Ordinal));
        }

        if (filter.Statuses is { Count: > 0 } statuses)
            Where("m.status = ANY(@)", statuses.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        if (filter.EventTicker is { } eventTicker)
            Where("m.event_ticker = @", eventTicker, NpgsqlDbType.Text);
        if (filter.SeriesTicker is { } seriesTicker)
            Where("e.series_ticker = @", seriesTicker, NpgsqlDbType.Text);
        if (filter.Category is { } category)
            Where("lower(s.category) = lower(@)", category, NpgsqlDbType.Text);
        if (filter.TickerPrefix is { } prefix)
            Where("starts_with(m.ticker, @)", prefix, NpgsqlDbType.Text);
        if (filter.Text is { Length: > 0 } text)
        {
            // ILIKE with the pattern characters escaped: the text is matched literally.
            var pattern = "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            Where("(m.ticker ILIKE @ OR m.event_ticker ILIKE @ OR m.title ILIKE @ OR m.subtitle ILIKE @ OR m.yes_sub_title ILIKE @ OR m.no_sub_title ILIKE @)", pattern, NpgsqlDbType.Text);
        }

        if (filter.ClosesAfter is { } closesAfter)
            Where("m.close_time >= @", closesAfter.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        if (filter.ClosesBefore is { } closesBefore)
            Where("m.close_time < @", closesBefore.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        if (after is not null)
            Where("m.ticker > @", after, NpgsqlDbType.Text);
        command.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
        sql.Append($" ORDER BY m.ticker LIMIT ${command.Parameters.Count}");
        command.CommandText = sql.ToString();

        var markets = await ReadMarketsAsync(command, cancellationToken);
        if (markets.Count <= limit)
            return new SecmasterMarketPage(markets, null);
        markets.RemoveAt(markets.Count - 1);
        return new SecmasterMarketPage(markets, markets[^1].Ticker);
    }

    /// <summary>One market with its history, or null when unknown.</summary>
    public async Task<SecmasterMarketDetail?> GetMarketAsync(string ticker, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ticker);
        await using var command = DataSource.CreateCommand(MarketSelect + " WHERE m.ticker = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = ticker });
        var markets = await ReadMarketsAsync(command, cancellationToken);
        if (markets.Count == 0)
            return null;

        await using var history = DataSource.CreateCommand(
            "SELECT version, field, old_value, new_value, changed_at, source FROM market_history WHERE ticker = $1 ORDER BY id");
        history.Parameters.Add(new NpgsqlParameter { Value = ticker });
        var entries = new List<SecmasterHistoryEntry>();
        await using var reader = await history.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new SecmasterHistoryEntry(reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5)));
        }

        return new SecmasterMarketDetail(markets[0], entries);
    }

    /// <summary>
    /// Markets open for trading at some moment of <paramref name="day"/> in <paramref name="timeZone"/>
    /// (opened before the day ends, closed at or after it starts), for replay and subscription planning.
    /// </summary>
    public async Task<IReadOnlyList<SecmasterMarket>> ListActiveOnAsync(DateOnly day, TimeZoneInfo? timeZone = null, CancellationToken cancellationToken = default)
    {
        timeZone ??= TimeZoneInfo.Utc;
        var start = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), timeZone);
        var end = TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), timeZone);
        await using var command = DataSource.CreateCommand(MarketSelect + " WHERE m.open_time < $2 AND (m.close_time IS NULL OR m.close_time >= $1) ORDER BY m.ticker");
        command.Parameters.Add(new NpgsqlParameter { Value = start, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = end, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await ReadMarketsAsync(command, cancellationToken);
    }

    private static async Task<List<SecmasterMarket>> ReadMarketsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var markets = new List<SecmasterMarket>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            DateTimeOffset? Time(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
            markets.Add(new SecmasterMarket
            {
                Ticker = reader.GetString(0),
                EventTicker = Text(1),
                SeriesTicker = Text(2),
                Category = Text(3),
                MarketType = Text(4),
                Title = Text(5),
                Subtitle = Text(6),
                YesSubTitle = Text(7),
                NoSubTitle = Text(8),
                Status = Text(9),
                CreatedTime = Time(10),
                OpenTime = Time(11),
                CloseTime = Time(12),
                ExpectedExpirationTime = Time(13),
                ExpirationTime = Time(14),
                LatestExpirationTime = Time(15),
                SettlementTimerSeconds = reader.IsDBNull(16) ? null : reader.GetInt32(16),
                CanCloseEarly = reader.IsDBNull(17) ? null : reader.GetBoolean(17),
                Result = Text(18),
                ExpirationValue = Text(19),
                SettlementValue = reader.IsDBNull(20) ? null : reader.GetInt64(20),
                DeterminedAt = Time(21),
                SettledAt = Time(22),
                NotionalValue = reader.IsDBNull(23) ? null : reader.GetInt64(23),
                StrikeType = Text(24),
                FloorStrike = reader.IsDBNull(25) ? null : reader.GetDecimal(25),
                CapStrike = reader.IsDBNull(26) ? null : reader.GetDecimal(26),
                PriceLevelStructure = Text(27),
                PriceRanges = ParseBands(Text(28)),
                RawJson = reader.GetString(29),
                Version = reader.GetInt32(30),
                FirstSeenAt = reader.GetFieldValue<DateTimeOffset>(31),
                UpdatedAt = reader.GetFieldValue<DateTimeOffset>(32),
            });
        }

        return markets;
    }

    private static SecmasterPriceBand[] ParseBands(string? json)
    {
        if (json is null)
            return [];
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(b =>
            new SecmasterPriceBand(b.GetProperty("start").GetInt64(), b.GetProperty("end").GetInt64(), b.GetProperty("step").GetInt64()))];
    }
}
