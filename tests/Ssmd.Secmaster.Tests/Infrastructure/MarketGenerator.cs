using System.Globalization;

namespace Ssmd.Secmaster.Tests.Infrastructure;

/// <summary>Markets shaped like Kalshi's 2026 REST Market objects, deterministic by index.</summary>
internal static class MarketGenerator
{
    public static readonly string[] SeriesTickers = ["KXGOLD15M", "KXHIGHNY", "KXBTCD", "KXCPI"];

    public static string Ticker(int i) => $"{EventTicker(i)}-T{4000 + i % 7}.{i % 100:00}";

    public static string EventTicker(int i) => $"{SeriesTickers[i % SeriesTickers.Length]}-26AUG{i / 7:000000}";

    public static DateTime OpenTime(int i) => new DateTime(2026, 8, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(15 * (i % 2000));

    public static Dictionary<string, object?> Market(int i)
    {
        var open = OpenTime(i);
        var close = open.AddMinutes(15);
        return new()
        {
            ["ticker"] = Ticker(i),
            ["event_ticker"] = EventTicker(i),
            ["market_type"] = "binary",
            ["title"] = $"Test market {i}",
            ["subtitle"] = "",
            ["yes_sub_title"] = $"Above {4000 + i % 7}",
            ["no_sub_title"] = $"Below {4000 + i % 7}",
            ["created_time"] = Time(open.AddHours(-1)),
            ["updated_time"] = Time(open.AddHours(-1)),
            ["open_time"] = Time(open),
            ["close_time"] = Time(close),
            ["expected_expiration_time"] = Time(close.AddMinutes(5)),
            ["expiration_time"] = Time(close.AddDays(7)),
            ["latest_expiration_time"] = Time(close.AddDays(7)),
            ["settlement_timer_seconds"] = 60,
            ["status"] = "active",
            ["yes_bid_dollars"] = "0.4500",
            ["yes_ask_dollars"] = "0.4700",
            ["no_bid_dollars"] = "0.5300",
            ["no_ask_dollars"] = "0.5500",
            ["last_price_dollars"] = "0.4600",
            ["volume_fp"] = (i * 3).ToString(CultureInfo.InvariantCulture) + ".00",
            ["open_interest_fp"] = "12.50",
            ["notional_value_dollars"] = "1.0000",
            ["result"] = "",
            ["expiration_value"] = "",
            ["can_close_early"] = true,
            ["strike_type"] = "greater_or_equal",
            ["floor_strike"] = 4000 + i % 7 + 0.25m,
            ["custom_strike"] = new Dictionary<string, string> { ["round_digits"] = "2" },
            ["rules_primary"] = $"If the value is at least {4000 + i % 7}, the market resolves to Yes.",
            ["rules_secondary"] = "",
            ["price_level_structure"] = "linear_cent",
            ["price_ranges"] = new[] { new Dictionary<string, string> { ["start"] = "0.0000", ["end"] = "1.0000", ["step"] = "0.0100" } },
        };
    }

    public static string Time(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
