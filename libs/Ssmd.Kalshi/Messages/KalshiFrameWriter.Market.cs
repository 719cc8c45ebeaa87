using System.Text.Json;

namespace Ssmd.Kalshi.Messages;

public static partial class KalshiFrameWriter
{
    private static readonly JsonEncodedText MarketTicker = JsonEncodedText.Encode("market_ticker");
    private static readonly JsonEncodedText MarketId = JsonEncodedText.Encode("market_id");
    private static readonly JsonEncodedText YesDollarsFp = JsonEncodedText.Encode("yes_dollars_fp");
    private static readonly JsonEncodedText NoDollarsFp = JsonEncodedText.Encode("no_dollars_fp");
    private static readonly JsonEncodedText PriceDollars = JsonEncodedText.Encode("price_dollars");
    private static readonly JsonEncodedText DeltaFp = JsonEncodedText.Encode("delta_fp");
    private static readonly JsonEncodedText Side = JsonEncodedText.Encode("side");
    private static readonly JsonEncodedText Ts = JsonEncodedText.Encode("ts");
    private static readonly JsonEncodedText TsMs = JsonEncodedText.Encode("ts_ms");
    private static readonly JsonEncodedText YesBidDollars = JsonEncodedText.Encode("yes_bid_dollars");
    private static readonly JsonEncodedText YesAskDollars = JsonEncodedText.Encode("yes_ask_dollars");
    private static readonly JsonEncodedText VolumeFp = JsonEncodedText.Encode("volume_fp");
    private static readonly JsonEncodedText OpenInterestFp = JsonEncodedText.Encode("open_interest_fp");
    private static readonly JsonEncodedText DollarVolume = JsonEncodedText.Encode("dollar_volume");
    private static readonly JsonEncodedText DollarOpenInterest = JsonEncodedText.Encode("dollar_open_interest");
    private static readonly JsonEncodedText YesBidSizeFp = JsonEncodedText.Encode("yes_bid_size_fp");
    private static readonly JsonEncodedText YesAskSizeFp = JsonEncodedText.Encode("yes_ask_size_fp");
    private static readonly JsonEncodedText LastTradeSizeFp = JsonEncodedText.Encode("last_trade_size_fp");
    private static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText TradeId = JsonEncodedText.Encode("trade_id");
    private static readonly JsonEncodedText YesPriceDollars = JsonEncodedText.Encode("yes_price_dollars");
    private static readonly JsonEncodedText NoPriceDollars = JsonEncodedText.Encode("no_price_dollars");
    private static readonly JsonEncodedText CountFp = JsonEncodedText.Encode("count_fp");
    private static readonly JsonEncodedText TakerSide = JsonEncodedText.Encode("taker_side");
    private static readonly JsonEncodedText TakerOutcomeSide = JsonEncodedText.Encode("taker_outcome_side");
    private static readonly JsonEncodedText TakerBookSide = JsonEncodedText.Encode("taker_book_side");
    private static readonly JsonEncodedText IsBlockTrade = JsonEncodedText.Encode("is_block_trade");

    /// <summary>
    /// <c>orderbook_snapshot</c> body. Levels ascending, best bid last; a side's key is left out when it
    /// is empty. With <paramref name="yesPrices"/> NO levels are quoted in YES-leg prices (still ascending).
    /// </summary>
    public static void WriteSnapshotBody(Utf8JsonWriter writer, string marketTicker, string marketId, KalshiBook book, bool yesPrices)
    {
        writer.WriteStartObject();
        writer.WriteString(MarketTicker, marketTicker);
        writer.WriteString(MarketId, marketId);
        if (book.Yes.Count > 0)
        {
            writer.WriteStartArray(YesDollarsFp);
            foreach (var level in book.Yes.Levels)
            {
                WriteLevel(writer, level.Price, level.Size);
            }

            writer.WriteEndArray();
        }

        if (book.No.Count > 0)
        {
            writer.WriteStartArray(NoDollarsFp);
            if (yesPrices)
            {
                // 1 − p reverses the order: walk from the best NO bid to keep the output ascending.
                for (var i = 0; i < book.No.Count; i++)
                {
                    var level = book.No.FromBest(i);
                    WriteLevel(writer, level.Price.Complement, level.Size);
                }
            }
            else
            {
                foreach (var level in book.No.Levels)
                {
                    WriteLevel(writer, level.Price, level.Size);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>orderbook_delta</c> body. <paramref name="price"/> is in the side's own leg; with
    /// <paramref name="yesPrices"/> a NO price is written in YES-leg terms.
    /// </summary>
    public static void WriteDeltaBody(Utf8JsonWriter writer, string marketTicker, string marketId, KalshiPrice price, KalshiSize delta, KalshiSide side, long tsMs, bool yesPrices)
    {
        writer.WriteStartObject();
        writer.WriteString(MarketTicker, marketTicker);
        writer.WriteString(MarketId, marketId);
        WritePrice(writer, PriceDollars, side == KalshiSide.No && yesPrices ? price.Complement : price);
        WriteSize(writer, DeltaFp, delta);
        writer.WriteString(Side, side == KalshiSide.Yes ? "yes"u8 : "no"u8);
        WriteRfc3339(writer, Ts, tsMs);
        writer.WriteNumber(TsMs, tsMs);
        writer.WriteEndObject();
    }

    /// <summary><c>ticker</c> body, in the field set of the July-2026 production ticker.</summary>
    public static void WriteTickerBody(Utf8JsonWriter writer, KalshiTicker t)
    {
        writer.WriteStartObject();
        writer.WriteString(MarketTicker, t.MarketTicker);
        if (t.MarketId is not null)
        {
            writer.WriteString(MarketId, t.MarketId);
        }

        WritePrice(writer, PriceDollars, t.Price ?? KalshiPrice.Zero);
        WritePrice(writer, YesBidDollars, t.YesBid ?? KalshiPrice.Zero);
        WritePrice(writer, YesAskDollars, t.YesAsk ?? KalshiPrice.One);
        WriteSize(writer, VolumeFp, t.Volume ?? KalshiSize.Zero);
        WriteSize(writer, OpenInterestFp, t.OpenInterest ?? KalshiSize.Zero);
        writer.WriteNumber(DollarVolume, t.DollarVolume ?? 0);
        writer.WriteNumber(DollarOpenInterest, t.DollarOpenInterest ?? 0);
        WriteSize(writer, YesBidSizeFp, t.YesBidSize ?? KalshiSize.Zero);
        WriteSize(writer, YesAskSizeFp, t.YesAskSize ?? KalshiSize.Zero);
        WriteSize(writer, LastTradeSizeFp, t.LastTradeSize ?? KalshiSize.Zero);
        if (t.TsMs is { } tsMs)
        {
            writer.WriteNumber(Ts, tsMs / 1000);
            writer.WriteNumber(TsMs, tsMs);
            WriteRfc3339(writer, Time, tsMs);
        }

        writer.WriteEndObject();
    }

    /// <summary><c>trade</c> body, with the deprecated <c>taker_side</c> still sent as in production.</summary>
    public static void WriteTradeBody(Utf8JsonWriter writer, KalshiTrade t)
    {
        writer.WriteStartObject();
        writer.WriteString(TradeId, t.TradeId);
        writer.WriteString(MarketTicker, t.MarketTicker);
        WritePrice(writer, YesPriceDollars, t.YesPrice);
        WritePrice(writer, NoPriceDollars, t.NoPrice);
        WriteSize(writer, CountFp, t.Count);
        var yes = t.TakerOutcomeSide == KalshiSide.Yes;
        writer.WriteString(TakerSide, yes ? "yes"u8 : "no"u8);
        writer.WriteString(TakerOutcomeSide, yes ? "yes"u8 : "no"u8);
        writer.WriteString(TakerBookSide, yes ? "bid"u8 : "ask"u8);
        writer.WriteBoolean(IsBlockTrade, t.IsBlockTrade ?? false);
        if (t.TsMs is { } tsMs)
        {
            writer.WriteNumber(Ts, tsMs / 1000);
            writer.WriteNumber(TsMs, tsMs);
        }

        writer.WriteEndObject();
    }
}
