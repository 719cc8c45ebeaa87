using Ssmd.Kalshi;
using Ssmd.Kalshi.Rest;
using Ssmd.KalshiSim.Model;

namespace Ssmd.KalshiSim.Rest;

/// <summary>Turns model objects into Kalshi's REST bodies (caller holds the exchange lock).</summary>
internal static class SimRestMapper
{
    private static DateTimeOffset T(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static string StatusName(SimMarketStatus status) => status switch
    {
        SimMarketStatus.Initialized => "initialized",
        SimMarketStatus.Active => "active",
        SimMarketStatus.Inactive => "inactive",
        SimMarketStatus.Closed => "closed",
        SimMarketStatus.Determined => "determined",
        _ => "finalized",
    };

    /// <summary>
    /// The <c>status</c> query filter names (not the response values): unopened, open, paused, closed
    /// (anything past close and not finalized), settled.
    /// </summary>
    public static bool TryParseFilter(string? value, out Func<SimMarketStatus, bool>? filter)
    {
        filter = value switch
        {
            null or "" => null,
            "unopened" => s => s == SimMarketStatus.Initialized,
            "open" => s => s == SimMarketStatus.Active,
            "paused" => s => s == SimMarketStatus.Inactive,
            "closed" => s => s is SimMarketStatus.Closed or SimMarketStatus.Determined,
            "settled" => s => s == SimMarketStatus.Finalized,
            _ => Invalid,
        };
        return filter != Invalid;
    }

    private static readonly Func<SimMarketStatus, bool> Invalid = _ => false;

    public static KalshiMarket Market(SimMarket m)
    {
        var bid = m.Book.BestYesBid;
        var ask = m.Book.BestYesAsk;
        var noBid = m.Book.No.Best;
        return new KalshiMarket
        {
            Ticker = m.Ticker,
            EventTicker = m.Event.Ticker,
            Title = m.Event.Title,
            Subtitle = m.YesSubTitle,
            YesSubTitle = m.YesSubTitle,
            NoSubTitle = m.YesSubTitle,
            CreatedTime = T(m.CreatedMs),
            UpdatedTime = T(m.UpdatedMs),
            OpenTime = T(m.OpenMs),
            CloseTime = T(m.CloseMs),
            ExpectedExpirationTime = T(m.ExpectedExpirationMs),
            LatestExpirationTime = T(m.LatestExpirationMs),
            ExpirationTime = T(m.LatestExpirationMs),
            SettlementTimerSeconds = m.SettlementTimerSeconds,
            Status = StatusName(m.Status),
            YesBidDollars = bid?.Price ?? KalshiPrice.Zero,
            YesAskDollars = ask?.Price ?? KalshiPrice.One,
            NoBidDollars = noBid?.Price ?? KalshiPrice.Zero,
            NoAskDollars = bid is { } b ? b.Price.Complement : KalshiPrice.One,
            YesBidSizeFp = bid?.Size ?? KalshiSize.Zero,
            YesAskSizeFp = ask?.Size ?? KalshiSize.Zero,
            LastPriceDollars = m.LastPrice,
            PreviousPriceDollars = m.LastPrice,
            PreviousYesBidDollars = bid?.Price ?? KalshiPrice.Zero,
            PreviousYesAskDollars = ask?.Price ?? KalshiPrice.One,
            VolumeFp = m.Volume,
            Volume24hFp = m.Volume,
            OpenInterestFp = m.OpenInterest,
            Result = m.Result,
            SettlementValueDollars = m.SettlementValue,
            SettlementTs = m.SettledMs is { } settled ? T(settled) : null,
            CanCloseEarly = true,
            EarlyCloseCondition = "",
            StrikeType = "greater_or_equal",
            FloorStrike = m.FloorStrike,
            RulesPrimary = SimExchange.RulesPrimary(m),
            RulesSecondary = "Simulated market: no real outcome.",
            PriceLevelStructure = m.Grid.Structure,
            PriceRanges = m.Grid.Ranges.Select(r => new KalshiRestPriceRange(r.Start, r.End, r.Step)).ToList(),
            ExchangeIndex = m.ExchangeIndex,
        };
    }

    public static KalshiEvent Event(SimEvent e, bool nested) => new()
    {
        EventTicker = e.Ticker,
        SeriesTicker = e.Series.Ticker,
        Title = e.Title,
        SubTitle = e.SubTitle,
        MutuallyExclusive = e.MutuallyExclusive,
        Category = e.Series.Category,
        StrikeDate = T(e.StrikeDateMs),
        StrikePeriod = "",
        LastUpdatedTs = T(e.Markets.Count == 0 ? e.StrikeDateMs : e.Markets.Max(m => m.UpdatedMs)),
        ExchangeIndex = e.Markets.Count == 0 ? 0 : e.Markets[0].ExchangeIndex,
        Markets = nested ? e.Markets.Select(Market).ToList() : null,
    };

    public static KalshiSeries Series(SimSeries s) => new()
    {
        Ticker = s.Ticker,
        Title = s.Title,
        Category = s.Category,
        Tags = s.Tags,
        Frequency = s.Frequency,
        SettlementSources = [new KalshiSettlementSource("ssmd simulator", "http://localhost/")],
        FeeType = "quadratic",
        FeeMultiplier = 1,
    };

    public static KalshiOrderbookFp Orderbook(KalshiBook book, int depth)
    {
        static List<IReadOnlyList<string>> Levels(KalshiBookSide side, int depth)
        {
            // Ascending with the best bid last, as the real REST book is; depth keeps the best N.
            var all = side.Levels.Select(l => (IReadOnlyList<string>)[l.Price.ToString(), l.Size.ToString()]).ToList();
            return depth > 0 && all.Count > depth ? all.GetRange(all.Count - depth, depth) : all;
        }

        return new KalshiOrderbookFp(Levels(book.Yes, depth), Levels(book.No, depth));
    }

    public static KalshiRestTrade Trade(SimTradeRecord t) => new()
    {
        TradeId = t.TradeId,
        Ticker = t.Ticker,
        CountFp = t.Count,
        YesPriceDollars = t.YesPrice,
        NoPriceDollars = t.YesPrice.Complement,
        TakerOutcomeSide = t.TakerOutcomeSide == KalshiSide.Yes ? "yes" : "no",
        TakerBookSide = t.TakerOutcomeSide == KalshiSide.Yes ? "bid" : "ask",
        TakerSide = t.TakerOutcomeSide == KalshiSide.Yes ? "yes" : "no",
        CreatedTime = T(t.TsMs),
    };
}
