using NpgsqlTypes;

namespace Ssmd.Secmaster.Internal;

/// <summary>The columns the sync owns, in one list so COPY, the diff and the history stay in step.</summary>
internal static class MarketColumns
{
    public static IReadOnlyList<MarketColumn> All { get; } =
    [
        new("event_ticker", "event_ticker", "text", NpgsqlDbType.Text, r => r.EventTicker, true),
        new("market_type", "market_type", "text", NpgsqlDbType.Text, r => r.MarketType, true),
        new("title", "title", "text", NpgsqlDbType.Text, r => r.Title, false),
        new("subtitle", "subtitle", "text", NpgsqlDbType.Text, r => r.Subtitle, false),
        new("yes_sub_title", "yes_sub_title", "text", NpgsqlDbType.Text, r => r.YesSubTitle, true),
        new("no_sub_title", "no_sub_title", "text", NpgsqlDbType.Text, r => r.NoSubTitle, true),
        new("status", "status", "text", NpgsqlDbType.Text, r => r.Status, true),
        new("created_time", "created_time", "timestamptz", NpgsqlDbType.TimestampTz, r => r.CreatedTime, false),
        new("open_time", "open_time", "timestamptz", NpgsqlDbType.TimestampTz, r => r.OpenTime, true),
        new("close_time", "close_time", "timestamptz", NpgsqlDbType.TimestampTz, r => r.CloseTime, true),
        new("expected_expiration_time", "expected_expiration_time", "timestamptz", NpgsqlDbType.TimestampTz, r => r.ExpectedExpirationTime, false),
        new("expiration_time", "expiration_time", "timestamptz", NpgsqlDbType.TimestampTz, r => r.ExpirationTime, false),
        new("latest_expiration_time", "latest_expiration_time", "timestamptz", NpgsqlDbType.TimestampTz, r => r.LatestExpirationTime, true),
        new("settlement_timer_seconds", "settlement_timer_seconds", "integer", NpgsqlDbType.Integer, r => r.SettlementTimerSeconds, true),
        new("can_close_early", "can_close_early", "boolean", NpgsqlDbType.Boolean, r => r.CanCloseEarly, true),
        new("result", "result", "text", NpgsqlDbType.Text, r => r.Result, true),
        new("expiration_value", "expiration_value", "text", NpgsqlDbType.Text, r => r.ExpirationValue, false),
        new("settlement_value", "settlement_value_dollars", "bigint", NpgsqlDbType.Bigint, r => r.SettlementValue, false),
        new("settled_at", "settlement_ts", "timestamptz", NpgsqlDbType.TimestampTz, r => r.SettledAt, false),
        new("notional_value", "notional_value_dollars", "bigint", NpgsqlDbType.Bigint, r => r.NotionalValue, false),
        new("strike_type", "strike_type", "text", NpgsqlDbType.Text, r => r.StrikeType, false),
        new("floor_strike", "floor_strike", "numeric", NpgsqlDbType.Numeric, r => r.FloorStrike, false),
        new("cap_strike", "cap_strike", "numeric", NpgsqlDbType.Numeric, r => r.CapStrike, false),
        new("price_level_structure", "price_level_structure", "text", NpgsqlDbType.Text, r => r.PriceLevelStructure, false),
        new("price_ranges", "price_ranges", "jsonb", NpgsqlDbType.Jsonb, r => r.PriceRangesJson, false),
    ];

    /// <summary>
    /// Keys left out of the <c>metadata</c> comparison: those already compared as columns, and
    /// <c>updated_time</c>, which only says that something else changed.
    /// </summary>
    public static IReadOnlyList<string> MappedJsonKeys { get; } =
        [.. All.Select(c => c.JsonName), "ticker", "updated_time"];

    /// <summary>Trading fields: they change with every trade, so they are not security-master data.</summary>
    public static bool IsTradingField(string name) =>
        name.StartsWith("yes_bid", StringComparison.Ordinal) || name.StartsWith("yes_ask", StringComparison.Ordinal) ||
        name.StartsWith("no_bid", StringComparison.Ordinal) || name.StartsWith("no_ask", StringComparison.Ordinal) ||
        name.StartsWith("last_price", StringComparison.Ordinal) || name.StartsWith("previous_", StringComparison.Ordinal) ||
        name.StartsWith("volume", StringComparison.Ordinal) || name.StartsWith("open_interest", StringComparison.Ordinal) ||
        name.StartsWith("liquidity", StringComparison.Ordinal) || name.StartsWith("dollar_", StringComparison.Ordinal);
}
