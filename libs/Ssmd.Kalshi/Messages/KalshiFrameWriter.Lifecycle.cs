using System.Text.Json;

namespace Ssmd.Kalshi.Messages;

public static partial class KalshiFrameWriter
{
    /// <summary><c>market_lifecycle_v2</c> body: only the fields that belong to the event type (null fields are left out).</summary>
    public static void WriteLifecycleBody(Utf8JsonWriter writer, KalshiMarketLifecycle m)
    {
        writer.WriteStartObject();
        writer.WriteString("market_ticker"u8, m.MarketTicker);
        if (m.ExchangeIndex is { } shard)
        {
            writer.WriteNumber("exchange_index"u8, shard);
        }

        if (m.OpenTs is { } open)
        {
            writer.WriteNumber("open_ts"u8, open);
        }

        if (m.CloseTs is { } close)
        {
            writer.WriteNumber("close_ts"u8, close);
        }

        if (m.AdditionalMetadata is { } md)
        {
            writer.WriteStartObject("additional_metadata"u8);
            writer.WriteString("name"u8, md.Name);
            writer.WriteString("title"u8, md.Title);
            writer.WriteString("yes_sub_title"u8, md.YesSubTitle);
            writer.WriteString("no_sub_title"u8, md.NoSubTitle);
            writer.WriteString("rules_primary"u8, md.RulesPrimary);
            writer.WriteString("rules_secondary"u8, md.RulesSecondary);
            writer.WriteBoolean("can_close_early"u8, md.CanCloseEarly ?? false);
            writer.WriteString("event_ticker"u8, md.EventTicker);
            if (md.ExpectedExpirationTs is { } exp)
            {
                writer.WriteNumber("expected_expiration_ts"u8, exp);
            }

            if (md.StrikeType is not null)
            {
                writer.WriteString("strike_type"u8, md.StrikeType);
            }

            writer.WriteEndObject();
        }

        if (m.PriceLevelStructure is not null)
        {
            writer.WriteString("price_level_structure"u8, m.PriceLevelStructure);
        }

        if (m.PriceRanges is { } ranges)
        {
            writer.WriteStartArray("price_ranges"u8);
            foreach (var r in ranges)
            {
                writer.WriteStartObject();
                WritePrice(writer, JsonEncodedText.Encode("start"), r.Start);
                WritePrice(writer, JsonEncodedText.Encode("end"), r.End);
                WritePrice(writer, JsonEncodedText.Encode("step"), r.Step);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (m.IsDeactivated is { } deactivated)
        {
            writer.WriteBoolean("is_deactivated"u8, deactivated);
        }

        if (m.DeterminationTs is { } determined)
        {
            writer.WriteNumber("determination_ts"u8, determined);
        }

        if (m.Result is not null)
        {
            writer.WriteString("result"u8, m.Result);
        }

        if (m.SettlementValue is { } value)
        {
            WritePrice(writer, JsonEncodedText.Encode("settlement_value"), value);
        }

        if (m.SettledTs is { } settled)
        {
            writer.WriteNumber("settled_ts"u8, settled);
        }

        writer.WriteString("event_type"u8, m.EventType);
        writer.WriteEndObject();
    }

    /// <summary><c>event_lifecycle</c> body (today's <c>subtitle</c> spelling).</summary>
    public static void WriteEventLifecycleBody(Utf8JsonWriter writer, KalshiEventLifecycle e)
    {
        writer.WriteStartObject();
        writer.WriteString("event_ticker"u8, e.EventTicker);
        writer.WriteString("title"u8, e.Title);
        writer.WriteString("subtitle"u8, e.Subtitle);
        writer.WriteString("collateral_return_type"u8, e.CollateralReturnType);
        writer.WriteString("series_ticker"u8, e.SeriesTicker);
        if (e.ExchangeIndex is { } shard)
        {
            writer.WriteNumber("exchange_index"u8, shard);
        }

        if (e.StrikeDate is { } strike)
        {
            writer.WriteNumber("strike_date"u8, strike);
        }

        if (e.StrikePeriod is not null)
        {
            writer.WriteString("strike_period"u8, e.StrikePeriod);
        }

        writer.WriteEndObject();
    }
}
