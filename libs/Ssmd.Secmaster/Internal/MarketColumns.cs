using NpgsqlTypes;

namespace Ssmd.Secmaster.Internal;

/// <summary>The columns the sync owns, in one list so COPY, the diff and the history stay in step.</summary>
internal static class MarketColumns
{
    public static IReadOnlyList<MarketColumn> All { get; } =
    [
        MarketColumn.Text("event_ticker", "event_ticker", r => r.EventTicker, true),
        MarketColumn.Text("market_type", "market_type", r => r.MarketType, true),
        MarketColumn.Text("title", "title", r => r.Title, false),
        MarketColumn.Text("subtitle", "subtitle", r => r.Subtitle, false),
        MarketColumn.Text("yes_sub_title", "yes_sub_title", r => r.YesSubTitle, true),
        MarketColumn.Text("no_sub_title", "no_sub_title", r => r.NoSubTitle, true),
        MarketColumn.Text("status", "status", r => r.Status, true),
        MarketColumn.Of<DateTime>("created_time", "created_time", "timestamptz", NpgsqlDbType.TimestampTz, r => r.CreatedTime, false),
        MarketColumn.Of<DateTime>("open_time", "open_time", "timestamptz", NpgsqlDbType.TimestampTz, r => r.OpenTime, true),
        MarketColumn.Of<DateTime>("close_time", "close_time", "timestamptz", NpgsqlDbType.TimestampTz, r => r.CloseTime, true),
        MarketColumn.Of<DateTime>("expected_expiration_time", "expected_expiration_time", "timestamptz", NpgsqlDbType.TimestampTz, r => r.ExpectedExpirationTime, false),
        MarketColumn.Of<DateTime>("expiration_time", "expiration_time", "timestamptz", NpgsqlDbType.TimestampTz, r => r.ExpirationTime, false),
        MarketColumn.Of<DateTime>("latest_expiration_time", "latest_expiration_time", "timestamptz", NpgsqlDbType.TimestampTz, r => r.LatestExpirationTime, true),
        MarketColumn.Of<int>("settlement_timer_seconds", "settlement_timer_seconds", "integer", NpgsqlDbType.Integer, r => r.SettlementTimerSeconds, true),
        MarketColumn.Of<bool>("can_close_early", "can_close_early", "boolean", NpgsqlDbType.Boolean, r => r.CanCloseEarly, true),
        MarketColumn.Text("result", "result", r => r.Result, true),
        MarketColumn.Text("expiration_value", "expiration_value", r => r.ExpirationValue, false),
        MarketColumn.Of<long>("settlement_value", "settlement_value_dollars", "bigint", NpgsqlDbType.Bigint, r => r.SettlementValue, false),
        MarketColumn.Of<DateTime>("settled_at", "settlement_ts", "timestamptz", NpgsqlDbType.TimestampTz, r => r.SettledAt, false),
        MarketColumn.Of<long>("notional_value", "notional_value_dollars", "bigint", NpgsqlDbType.Bigint, r => r.NotionalValue, false),
        MarketColumn.Text("strike_type", "strike_type", r => r.StrikeType, false),
        MarketColumn.Of<decimal>("floor_strike", "floor_strike", "numeric", NpgsqlDbType.Numeric, r => r.FloorStrike, false),
        MarketColumn.Of<decimal>("cap_strike", "cap_strike", "numeric", NpgsqlDbType.Numeric, r => r.CapStrike, false),
        MarketColumn.Text("price_level_structure", "price_level_structure", r => r.PriceLevelStructure, false),
        MarketColumn.Text("price_ranges", "price_ranges", r => r.PriceRangesJson, false, "jsonb", NpgsqlDbType.Jsonb),
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
