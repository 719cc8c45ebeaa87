using System.Text.Json;

namespace Ssmd.Kalshi.Messages;

public static partial class KalshiFrameReader
{
    private static KalshiOrderbookSnapshot ReadSnapshot(ref Utf8JsonReader reader, ref int unknown)
    {
        string ticker = "";
        string? marketId = null;
        List<KalshiLevel>? yes = null, no = null, legacyYes = null, legacyNo = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("market_ticker"u8))
            {
                ticker = ReadString(ref reader) ?? "";
            }
            else if (reader.ValueTextEquals("market_id"u8))
            {
                marketId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("yes_dollars_fp"u8) || reader.ValueTextEquals("yes_dollars"u8))
            {
                yes = ReadLevels(ref reader);
            }
            else if (reader.ValueTextEquals("no_dollars_fp"u8) || reader.ValueTextEquals("no_dollars"u8))
            {
                no = ReadLevels(ref reader);
            }
            else if (reader.ValueTextEquals("yes"u8))
            {
                legacyYes = ReadLevels(ref reader);
            }
            else if (reader.ValueTextEquals("no"u8))
            {
                legacyNo = ReadLevels(ref reader);
            }
            else
            {
                SkipValue(ref reader, ref unknown);
            }
        }

        // Legacy frames carried both the cents arrays and the dollar twins; the dollar ones are exact.
        var legacy = yes is null && no is null && (legacyYes is not null || legacyNo is not null);
        return new KalshiOrderbookSnapshot(RequireTicker(ticker, "orderbook_snapshot"), marketId, yes ?? legacyYes ?? [], no ?? legacyNo ?? [], legacy);
    }

    private static KalshiOrderbookDelta ReadDelta(ref Utf8JsonReader reader, ref int unknown)
    {
        string ticker = "";
        string? marketId = null, ts = null, clientOrderId = null;
        KalshiPrice? price = null, legacyPrice = null;
        KalshiSize? delta = null, legacyDelta = null;
        KalshiSide? side = null;
        long? tsMs = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("market_ticker"u8))
            {
                ticker = ReadString(ref reader) ?? "";
            }
            else if (reader.ValueTextEquals("market_id"u8))
            {
                marketId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("price_dollars"u8))
            {
                price = ReadPrice(ref reader);
            }
            else if (reader.ValueTextEquals("delta_fp"u8))
            {
                delta = ReadSize(ref reader);
            }
            else if (reader.ValueTextEquals("price"u8))
            {
                legacyPrice = ReadPrice(ref reader);
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                legacyDelta = ReadSize(ref reader);
            }
            else if (reader.ValueTextEquals("side"u8))
            {
                side = ReadSide(ref reader);
            }
            else if (reader.ValueTextEquals("ts_ms"u8))
            {
                tsMs = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("ts"u8))
            {
                reader.Read();
                ts = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("client_order_id"u8))
            {
                clientOrderId = ReadString(ref reader);
            }
            else
            {
                SkipValue(ref reader, ref unknown);
            }
        }

        var legacy = price is null && delta is null;
        return new KalshiOrderbookDelta(
            RequireTicker(ticker, "orderbook_delta"),
            marketId,
            price ?? legacyPrice ?? throw new FormatException("orderbook_delta without price_dollars"),
            delta ?? legacyDelta ?? throw new FormatException("orderbook_delta without delta_fp"),
            side ?? throw new FormatException("orderbook_delta without side"), // a default side would put a NO level on the YES book
            tsMs,
            ts,
            clientOrderId,
            legacy);
    }

    private static KalshiTicker ReadTicker(ref Utf8JsonReader reader, ref int unknown)
    {
        string ticker = "";
        string? marketId = null, time = null;
        KalshiPrice? price = null, bid = null, ask = null, legacyPrice = null, legacyBid = null, legacyAsk = null;
        KalshiSize? bidSize = null, askSize = null, lastSize = null, volume = null, oi = null, legacyVolume = null, legacyOi = null;
        long? dollarVolume = null, dollarOi = null, tsMs = null, ts = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("market_ticker"u8))
            {
                ticker = ReadString(ref reader) ?? "";
            }
            else if (reader.ValueTextEquals("market_id"u8))
            {
                marketId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("price_dollars"u8))
            {
                price = ReadPrice(ref reader);
            }
            else if (reader.ValueTextEquals("yes_bid_dollars"u8))
            {
                bid = ReadPrice(ref reader);
            }
            else if (reader.ValueTextEquals("yes_ask_dollars"u8))
            {
                ask = ReadPrice(ref reader);
            }
            else if (reader.ValueTextEquals("yes_bid_size_fp"u8))
            {
                bidSize = ReadSize(ref reader);
            }
            else if (reader.ValueTextEquals("yes_ask_size_fp"u8))
            {
                askSize = ReadSize(ref reader);
            }
            else if (reader.ValueTextEquals("last_trade_size_fp"u8))
            {
                lastSize = ReadSize(ref reader);
            }
            else if (reader.ValueTextEquals("volume_fp"u8))
            {
                volume = ReadSize(ref reader);
            }
            else if (reader.ValueTextEquals("open_interest_fp"u8))
            {
                oi = ReadSize(ref reader);
            }
            else if (reader.ValueTextEquals("dollar_volume"u8))
            {
                dollarVolume = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("dollar_open_interest"u8))
            {
                dollarOi = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("ts_ms"u8))
            {
                tsMs = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("ts"u8))
            {
                ts = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("time"u8))
            {
                time = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("price"u8))
            {
                legacyPrice = ReadPrice(ref reader);
            }
            else if (reader.ValueTextEquals("yes_bid"u8))
            {
                legacyBid = ReadPrice(ref reader);
            }
            else if (reader.ValueTextEquals("yes_ask"u8))
            {
                legacyAsk = ReadPrice(ref reader);
            }
            else if (reader.ValueTextEquals("volume"u8))
            {
                legacyVolume = ReadSize(ref reader);
            }
            else if (reader.ValueTextEquals("open_interest"u8))
            {
                legacyOi = ReadSize(ref reader);
            }
            else
            {
                SkipValue(ref reader, ref unknown);
            }
        }

        var legacy = volume is null && legacyVolume is not null;
        return new KalshiTicker(
            RequireTicker(ticker, "ticker"), marketId, price ?? legacyPrice, bid ?? legacyBid, ask ?? legacyAsk, bidSize, askSize, lastSize,
            volume ?? legacyVolume, oi ?? legacyOi, dollarVolume, dollarOi, tsMs, ts, time, legacy);
    }

    private static KalshiTrade ReadTrade(ref Utf8JsonReader reader, ref int unknown)
    {
        string tradeId = "", ticker = "";
        string? bookSide = null, takerSide = null;
        KalshiPrice? yes = null, no = null, legacyYes = null, legacyNo = null;
        KalshiSize? count = null, legacyCount = null;
        KalshiSide? outcome = null;
        bool? block = null;
        long? tsMs = null, ts = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("trade_id"u8))
            {
                tradeId = ReadString(ref reader) ?? "";
            }
            else if (reader.ValueTextEquals("market_ticker"u8))
            {
                ticker = ReadString(ref reader) ?? "";
            }
            else if (reader.ValueTextEquals("yes_price_dollars"u8))
            {
                yes = ReadPrice(ref reader);
            }
            else if (reader.ValueTextEquals("no_price_dollars"u8))
            {
                no = ReadPrice(ref reader);
            }
            else if (reader.ValueTextEquals("count_fp"u8))
            {
                count = ReadSize(ref reader);
            }
            else if (reader.ValueTextEquals("yes_price"u8) || reader.ValueTextEquals("price"u8))
            {
                legacyYes = ReadPrice(ref reader);
            }
            else if (reader.ValueTextEquals("no_price"u8))
            {
                legacyNo = ReadPrice(ref reader);
            }
            else if (reader.ValueTextEquals("count"u8))
            {
                legacyCount = ReadSize(ref reader);
            }
            else if (reader.ValueTextEquals("taker_outcome_side"u8))
            {
                outcome = ReadSide(ref reader);
            }
            else if (reader.ValueTextEquals("taker_book_side"u8))
            {
                bookSide = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("taker_side"u8) || reader.ValueTextEquals("side"u8))
            {
                takerSide = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("is_block_trade"u8))
            {
                block = ReadBool(ref reader);
            }
            else if (reader.ValueTextEquals("ts_ms"u8))
            {
                tsMs = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("ts"u8))
            {
                ts = ReadInt64(ref reader);
            }
            else
            {
                SkipValue(ref reader, ref unknown);
            }
        }

        var yesPrice = yes ?? legacyYes ?? throw new FormatException("trade without yes_price_dollars");
        outcome ??= takerSide switch { "yes" => KalshiSide.Yes, "no" => KalshiSide.No, _ => null };
        if (tradeId.Length == 0)
            throw new FormatException("trade without trade_id");
        return new KalshiTrade(
            tradeId, RequireTicker(ticker, "trade"), yesPrice, no ?? legacyNo ?? yesPrice.Complement,
            count ?? legacyCount ?? throw new FormatException("trade without count_fp"),
            outcome, bookSide, takerSide, block, tsMs, ts, count is null);
    }

    // A market message without its market cannot be routed (its subject is the ticker): refused as a field
    // out of format, so the frame is kept raw and counted, never normalized under an empty ticker.
    private static string RequireTicker(string ticker, string type) =>
        ticker.Length > 0 ? ticker : throw new FormatException($"{type} without market_ticker");

    private static KalshiMarketLifecycle ReadLifecycle(ref Utf8JsonReader reader, ref int unknown)
    {
        var m = new KalshiMarketLifecycle("", "");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("market_ticker"u8))
            {
                m = m with { MarketTicker = ReadString(ref reader) ?? "" };
            }
            else if (reader.ValueTextEquals("event_type"u8))
            {
                m = m with { EventType = ReadString(ref reader) ?? "" };
            }
            else if (reader.ValueTextEquals("open_ts"u8))
            {
                m = m with { OpenTs = ReadInt64(ref reader) };
            }
            else if (reader.ValueTextEquals("close_ts"u8))
            {
                m = m with { CloseTs = ReadInt64(ref reader) };
            }
            else if (reader.ValueTextEquals("is_deactivated"u8))
            {
                m = m with { IsDeactivated = ReadBool(ref reader) };
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                m = m with { Result = ReadString(ref reader) };
            }
            else if (reader.ValueTextEquals("determination_ts"u8))
            {
                m = m with { DeterminationTs = ReadInt64(ref reader) };
            }
            else if (reader.ValueTextEquals("settlement_value"u8))
            {
                m = m with { SettlementValue = ReadPrice(ref reader) };
            }
            else if (reader.ValueTextEquals("settled_ts"u8))
            {
                m = m with { SettledTs = ReadInt64(ref reader) };
            }
            else if (reader.ValueTextEquals("price_level_structure"u8))
            {
                m = m with { PriceLevelStructure = ReadString(ref reader) };
            }
            else if (reader.ValueTextEquals("price_ranges"u8))
            {
                m = m with { PriceRanges = ReadRanges(ref reader) };
            }
            else if (reader.ValueTextEquals("exchange_index"u8))
            {
                m = m with { ExchangeIndex = (int?)ReadInt64(ref reader) };
            }
            else if (reader.ValueTextEquals("additional_metadata"u8))
            {
                m = m with { AdditionalMetadata = ReadMetadata(ref reader, ref unknown) };
            }
            else
            {
                SkipValue(ref reader, ref unknown);
            }
        }

        RequireTicker(m.MarketTicker, "market_lifecycle_v2");
        return m;
    }

    private static KalshiLifecycleMetadata? ReadMetadata(ref Utf8JsonReader reader, ref int unknown)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // null, or not an object: no metadata. Read as an object, it would swallow the rest of the message.
            if (reader.TokenType != JsonTokenType.Null)
            {
                reader.Skip();
                unknown++;
            }

            return null;
        }

        var m = new KalshiLifecycleMetadata(null, null, null, null, null, null, null, null, null, null);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                m = m with { Name = ReadString(ref reader) };
            }
            else if (reader.ValueTextEquals("title"u8))
            {
                m = m with { Title = ReadString(ref reader) };
            }
            else if (reader.ValueTextEquals("yes_sub_title"u8))
            {
                m = m with { YesSubTitle = ReadString(ref reader) };
            }
            else if (reader.ValueTextEquals("no_sub_title"u8))
            {
                m = m with { NoSubTitle = ReadString(ref reader) };
            }
            else if (reader.ValueTextEquals("rules_primary"u8))
            {
                m = m with { RulesPrimary = ReadString(ref reader) };
            }
            else if (reader.ValueTextEquals("rules_secondary"u8))
            {
                m = m with { RulesSecondary = ReadString(ref reader) };
            }
            else if (reader.ValueTextEquals("can_close_early"u8))
            {
                m = m with { CanCloseEarly = ReadBool(ref reader) };
            }
            else if (reader.ValueTextEquals("event_ticker"u8))
            {
                m = m with { EventTicker = ReadString(ref reader) };
            }
            else if (reader.ValueTextEquals("expected_expiration_ts"u8))
            {
                m = m with { ExpectedExpirationTs = ReadInt64(ref reader) };
            }
            else if (reader.ValueTextEquals("strike_type"u8))
            {
                m = m with { StrikeType = ReadString(ref reader) };
            }
            else
            {
                SkipValue(ref reader, ref unknown);
            }
        }

        return m;
    }

    private static KalshiEventLifecycle ReadEventLifecycle(ref Utf8JsonReader reader, ref int unknown)
    {
        var e = new KalshiEventLifecycle("", "", "", "", "");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("event_ticker"u8))
            {
                e = e with { EventTicker = ReadString(ref reader) ?? "" };
            }
            else if (reader.ValueTextEquals("series_ticker"u8))
            {
                e = e with { SeriesTicker = ReadString(ref reader) ?? "" };
            }
            else if (reader.ValueTextEquals("title"u8))
            {
                e = e with { Title = ReadString(ref reader) ?? "" };
            }
            else if (reader.ValueTextEquals("subtitle"u8) || reader.ValueTextEquals("sub_title"u8))
            {
                e = e with { Subtitle = ReadString(ref reader) ?? "" };
            }
            else if (reader.ValueTextEquals("collateral_return_type"u8))
            {
                e = e with { CollateralReturnType = ReadString(ref reader) ?? "" };
            }
            else if (reader.ValueTextEquals("exchange_index"u8))
            {
                e = e with { ExchangeIndex = (int?)ReadInt64(ref reader) };
            }
            else if (reader.ValueTextEquals("strike_date"u8))
            {
                e = e with { StrikeDate = ReadInt64(ref reader) };
            }
            else if (reader.ValueTextEquals("strike_period"u8))
            {
                e = e with { StrikePeriod = ReadString(ref reader) };
            }
            else
            {
                SkipValue(ref reader, ref unknown);
            }
        }

        return e;
    }
}
