using System.Text.Json;

namespace Ssmd.Kalshi.Messages;

public static partial class KalshiFrameWriter
{
    /// <summary>Pre-2026-03-12 <c>orderbook_delta</c> body: integer cents <c>price</c> and integer <c>delta</c>.</summary>
    public static void WriteLegacyDeltaBody(Utf8JsonWriter writer, string marketTicker, string marketId, KalshiPrice price, KalshiSize delta, KalshiSide side)
    {
        writer.WriteStartObject();
        writer.WriteString(MarketTicker, marketTicker);
        writer.WriteString(MarketId, marketId);
        writer.WriteNumber("price"u8, price.Cents);
        writer.WriteNumber("delta"u8, delta.Contracts);
        writer.WriteString(Side, side == KalshiSide.Yes ? "yes"u8 : "no"u8);
        writer.WriteEndObject();
    }

    /// <summary>Pre-2026-03-12 <c>trade</c> body: integer <c>yes_price</c>/<c>no_price</c> cents and integer <c>count</c>.</summary>
    public static void WriteLegacyTradeBody(Utf8JsonWriter writer, KalshiTrade t)
    {
        writer.WriteStartObject();
        writer.WriteString(TradeId, t.TradeId);
        writer.WriteString(MarketTicker, t.MarketTicker);
        writer.WriteNumber("yes_price"u8, t.YesPrice.Cents);
        writer.WriteNumber("no_price"u8, t.NoPrice.Cents);
        WritePrice(writer, YesPriceDollars, t.YesPrice);
        WritePrice(writer, NoPriceDollars, t.NoPrice);
        writer.WriteNumber("count"u8, t.Count.Contracts);
        writer.WriteString(TakerSide, t.TakerOutcomeSide == KalshiSide.Yes ? "yes"u8 : "no"u8);
        if (t.TsMs is { } tsMs)
        {
            writer.WriteNumber(Ts, tsMs / 1000);
        }

        writer.WriteEndObject();
    }

    /// <summary>Pre-2026-03-12 <c>ticker</c> body: integer cents and counts beside the dollar strings.</summary>
    public static void WriteLegacyTickerBody(Utf8JsonWriter writer, KalshiTicker t)
    {
        writer.WriteStartObject();
        if (t.MarketId is not null)
        {
            writer.WriteString(MarketId, t.MarketId);
        }

        writer.WriteString(MarketTicker, t.MarketTicker);
        writer.WriteNumber("price"u8, (t.Price ?? KalshiPrice.Zero).Cents);
        writer.WriteNumber("yes_bid"u8, (t.YesBid ?? KalshiPrice.Zero).Cents);
        writer.WriteNumber("yes_ask"u8, (t.YesAsk ?? KalshiPrice.One).Cents);
        WritePrice(writer, PriceDollars, t.Price ?? KalshiPrice.Zero);
        WritePrice(writer, YesBidDollars, t.YesBid ?? KalshiPrice.Zero);
        WritePrice(writer, YesAskDollars, t.YesAsk ?? KalshiPrice.One);
        writer.WriteNumber("volume"u8, (t.Volume ?? KalshiSize.Zero).Contracts);
        writer.WriteNumber("open_interest"u8, (t.OpenInterest ?? KalshiSize.Zero).Contracts);
        writer.WriteNumber(DollarVolume, t.DollarVolume ?? 0);
        writer.WriteNumber(DollarOpenInterest, t.DollarOpenInterest ?? 0);
        if (t.TsMs is { } tsMs)
        {
            writer.WriteNumber(Ts, tsMs / 1000);
        }

        writer.WriteEndObject();
    }
}
