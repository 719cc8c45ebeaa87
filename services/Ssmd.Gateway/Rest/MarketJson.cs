using System.Text.Json;
using Ssmd.Normalized.Json;
using Ssmd.Secmaster;

namespace Ssmd.Gateway.Rest;

/// <summary>Security-master markets as JSON, prices as exact decimals (never through double).</summary>
internal static class MarketJson
{
    public static void Write(Utf8JsonWriter w, SecmasterMarket m)
    {
        w.WriteStartObject();
        w.WriteString("ticker"u8, m.Ticker);
        Text(w, "eventTicker"u8, m.EventTicker);
        Text(w, "seriesTicker"u8, m.SeriesTicker);
        Text(w, "category"u8, m.Category);
        Text(w, "marketType"u8, m.MarketType);
        Text(w, "title"u8, m.Title);
        Text(w, "subtitle"u8, m.Subtitle);
        Text(w, "yesSubTitle"u8, m.YesSubTitle);
        Text(w, "noSubTitle"u8, m.NoSubTitle);
        Text(w, "status"u8, m.Status);
        Time(w, "openTime"u8, m.OpenTime);
        Time(w, "closeTime"u8, m.CloseTime);
        Time(w, "expectedExpirationTime"u8, m.ExpectedExpirationTime);
        Time(w, "latestExpirationTime"u8, m.LatestExpirationTime);
        if (m.CanCloseEarly is { } early)
            w.WriteBoolean("canCloseEarly"u8, early);
        Text(w, "result"u8, m.Result);
        Text(w, "expirationValue"u8, m.ExpirationValue);
        Price(w, "settlementValue"u8, m.SettlementValue);
        Time(w, "determinedAt"u8, m.DeterminedAt);
        Time(w, "settledAt"u8, m.SettledAt);
        Price(w, "notionalValue"u8, m.NotionalValue);
        Text(w, "strikeType"u8, m.StrikeType);
        if (m.FloorStrike is { } floor)
            w.WriteNumber("floorStrike"u8, floor);
        if (m.CapStrike is { } cap)
            w.WriteNumber("capStrike"u8, cap);
        Text(w, "priceLevelStructure"u8, m.PriceLevelStructure);
        w.WriteStartArray("priceRanges"u8);
        foreach (var band in m.PriceRanges)
        {
            w.WriteStartObject();
            FixedPointJson.Write(w, "start"u8, band.Start, FixedPointJson.PriceScale);
            FixedPointJson.Write(w, "end"u8, band.End, FixedPointJson.PriceScale);
            FixedPointJson.Write(w, "step"u8, band.Step, FixedPointJson.PriceScale);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("version"u8, m.Version);
        w.WriteString("updatedAt"u8, m.UpdatedAt);
        w.WriteEndObject();
    }

    public static void WriteHistory(Utf8JsonWriter w, IReadOnlyList<SecmasterHistoryEntry> history)
    {
        w.WriteStartArray("history"u8);
        foreach (var h in history)
        {
            w.WriteStartObject();
            w.WriteNumber("version"u8, h.Version);
            w.WriteString("field"u8, h.Field);
            Text(w, "old"u8, h.OldValue);
            Text(w, "new"u8, h.NewValue);
            w.WriteString("changedAt"u8, h.ChangedAt);
            w.WriteString("source"u8, h.Source);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Text(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
            w.WriteNull(name);
        else
            w.WriteString(name, value);
    }

    private static void Time(Utf8JsonWriter w, ReadOnlySpan<byte> name, DateTimeOffset? value)
    {
        if (value is { } time)
            w.WriteString(name, time.ToUniversalTime());
        else
            w.WriteNull(name);
    }

    private static void Price(Utf8JsonWriter w, ReadOnlySpan<byte> name, long? units)
    {
        if (units is { } value)
            FixedPointJson.Write(w, name, value, FixedPointJson.PriceScale);
        else
            w.WriteNull(name);
    }
}
