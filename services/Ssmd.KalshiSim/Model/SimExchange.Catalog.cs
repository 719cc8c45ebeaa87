using System.Globalization;

namespace Ssmd.KalshiSim.Model;

internal sealed partial class SimExchange
{
    private const long Minute = 60_000;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;
    private const string RollingSeriesTicker = "KXGOLD15M";

    private static readonly SimSeries[] SeriesCatalog =
    [
        new("KXCPI", "CPI", "Economics", ["Inflation"], "monthly"),
        new("KXFED", "Fed funds rate", "Economics", ["Fed", "Interest rates"], "custom"),
        new("KXGDP", "GDP growth", "Economics", ["GDP"], "quarterly"),
        new("KXINX", "S&P 500 range", "Financials", ["S&P"], "daily"),
        new("KXNASDAQ100", "Nasdaq 100 range", "Financials", ["Nasdaq"], "daily"),
        new("KXBTCD", "Bitcoin price above", "Crypto", ["BTC"], "hourly"),
        new("KXETHD", "Ethereum price above", "Crypto", ["ETH"], "hourly"),
        new("KXHIGHNY", "Highest temperature in NYC", "Climate and Weather", ["Daily temperature"], "daily"),
        new("KXNFLGAME", "NFL game", "Sports", ["Football"], "custom"),
        new("KXMLBGAME", "MLB game", "Sports", ["Baseball"], "custom"),
        new("KXSENATE", "Senate control", "Politics", ["Congress"], "one-off"),
        new(RollingSeriesTicker, "Gold 15 min", "Commodities", ["Gold"], "fifteen_min"),
    ];

    private void BuildCatalog(int marketCount)
    {
        series.AddRange(SeriesCatalog);
        AddEvents(marketCount, null);

        if (Settings.RollingSeries)
        {
            // The window open now and the next one, as the real 15-minute gold series has them.
            var windowStart = startMs - (startMs % (15 * Minute));
            CreateWindow(windowStart, announce: null);
            CreateWindow(windowStart + (15 * Minute), announce: null);
        }
    }

    private int nextEventNumber;

    /// <summary>
    /// Adds events until the exchange has <paramref name="marketCount"/> markets. At run time
    /// (<paramref name="announce"/> given) they are announced (<c>event_lifecycle</c>, <c>created</c>) and
    /// open at the next step, so a subscriber gets their snapshot before any delta.
    /// </summary>
    public void AddEvents(int marketCount, List<SimMessage>? announce)
    {
        var fixedSeries = SeriesCatalog.Where(s => s.Ticker != RollingSeriesTicker).ToArray();
        while (markets.Count < marketCount)
        {
            var s = fixedSeries[nextEventNumber % fixedSeries.Length];
            var strikes = Math.Min(marketCount - markets.Count, 4 + random.Next(12));
            CreateEvent(s, nextEventNumber++, strikes, announce);
        }
    }

    private void CreateEvent(SimSeries s, int number, int strikes, List<SimMessage>? announce)
    {
        var strikeDate = startMs + ((1 + random.Next(30)) * Day);
        var date = DateTimeOffset.FromUnixTimeMilliseconds(strikeDate).ToString("yyMMMdd", CultureInfo.InvariantCulture).ToUpperInvariant();
        var ticker = $"{s.Ticker}-{date}E{number:D5}";
        var e = new SimEvent(ticker, s, $"{s.Title} on {date}", $"Event {number}", strikeDate, mutuallyExclusive: s.Category is "Financials" or "Climate and Weather");
        events.Add(e);
        eventsByTicker[ticker] = e;

        // Most markets are trading now; a few are not open yet or already past close, so every status filter has answers.
        var roll = random.Next(100);
        var status = announce is not null ? SimMarketStatus.Initialized : roll switch
        {
            < 80 => SimMarketStatus.Active,
            < 86 => SimMarketStatus.Initialized,
            < 89 => SimMarketStatus.Inactive,
            < 93 => SimMarketStatus.Closed,
            < 95 => SimMarketStatus.Determined,
            _ => SimMarketStatus.Finalized,
        };

        var baseStrike = 10 + random.Next(90);
        for (var k = 0; k < strikes; k++)
        {
            var grid = random.Next(10) switch
            {
                < 7 => PriceGrid.LinearCent,
                7 => PriceGrid.DeciCent,
                8 => PriceGrid.TaperedDeciCent,
                _ => PriceGrid.CenterDeciEdgeCentiCent,
            };

            var strike = baseStrike + (k * 2.5m);
            var market = AddMarket(e, $"{ticker}-T{strike.ToString(CultureInfo.InvariantCulture)}", grid, strike);
            market.Status = status;
            switch (status)
            {
                case SimMarketStatus.Initialized when announce is not null:
                    market.OpenMs = NowMs + 1;
                    market.CloseMs = e.StrikeDateMs;
                    schedule.Enqueue((market, SimTransition.Open), market.OpenMs);
                    schedule.Enqueue((market, SimTransition.Close), market.CloseMs);
                    break;
                case SimMarketStatus.Initialized:
                    market.OpenMs = startMs + ((1 + random.Next(48)) * Hour);
                    market.CloseMs = market.OpenMs + (7 * Day);
                    schedule.Enqueue((market, SimTransition.Open), market.OpenMs);
                    break;
                case SimMarketStatus.Active or SimMarketStatus.Inactive:
                    market.OpenMs = startMs - ((1 + random.Next(72)) * Hour);
                    market.CloseMs = e.StrikeDateMs;
                    Seed(market);
                    schedule.Enqueue((market, SimTransition.Close), market.CloseMs);
                    break;
                default:
                    market.OpenMs = startMs - (10 * Day);
                    market.CloseMs = startMs - ((1 + random.Next(48)) * Hour);
                    if (status != SimMarketStatus.Closed)
                    {
                        Determine(market, market.CloseMs + Minute, null);
                    }

                    if (status == SimMarketStatus.Finalized)
                    {
                        market.SettledMs = market.CloseMs + (2 * Minute);
                        market.Status = SimMarketStatus.Finalized;
                    }

                    break;
            }

            market.ExpectedExpirationMs = market.CloseMs + (5 * Minute);
            market.LatestExpirationMs = market.CloseMs + (7 * Day);
            if (announce is not null)
            {
                AnnounceCreated(e, market, announce, newEvent: k == 0);
            }
        }
    }

    private SimMarket AddMarket(SimEvent e, string ticker, PriceGrid grid, decimal strike)
    {
        var id = new Guid(RandomBytes()).ToString();
        var market = new SimMarket(markets.Count, ticker, id, e, grid)
        {
            YesSubTitle = $"Above {strike.ToString(CultureInfo.InvariantCulture)}",
            FloorStrike = strike,
            CreatedMs = startMs - (20 * Day),
            UpdatedMs = startMs - (20 * Day),
            ExchangeIndex = e.Series.Category == "Crypto" ? 2 : 0,
            Fair = 500 + random.Next(9_000),
        };
        markets.Add(market);
        byTicker[ticker] = market;
        e.Markets.Add(market);
        return market;
    }

    private byte[] RandomBytes()
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Resting liquidity on both ladders around the market's fair value.</summary>
    private void Seed(SimMarket market)
    {
        var levels = 3 + random.Next(12);
        for (var i = 0; i < levels; i++)
        {
            var yes = market.Grid.Below(market.Fair - 100, i + random.Next(3));
            market.Book.Yes.Set(new Kalshi.KalshiPrice(yes), new Kalshi.KalshiSize((1 + random.Next(500)) * 100));
            var no = market.Grid.Below(Kalshi.KalshiPrice.Scale - market.Fair - 100, i + random.Next(3));
            market.Book.No.Set(new Kalshi.KalshiPrice(no), new Kalshi.KalshiSize((1 + random.Next(500)) * 100));
        }
    }

    /// <summary>One 15-minute gold window: its event and market, opening at <paramref name="windowStart"/>.</summary>
    private SimMarket CreateWindow(long windowStart, List<SimMessage>? announce)
    {
        var s = series.First(x => x.Ticker == RollingSeriesTicker);
        var close = windowStart + (15 * Minute);
        var stamp = DateTimeOffset.FromUnixTimeMilliseconds(close).ToString("yyMMMddHHmm", CultureInfo.InvariantCulture).ToUpperInvariant();
        var e = new SimEvent($"{s.Ticker}-{stamp}", s, "Gold 15 min", $"Window closing {stamp}", close, mutuallyExclusive: false);
        events.Add(e);
        eventsByTicker[e.Ticker] = e;
        var market = AddMarket(e, $"{e.Ticker}-{close / Minute % 60:D2}", PriceGrid.LinearCent, 4100 + random.Next(100));
        market.OpenMs = windowStart;
        market.CloseMs = close;
        market.ExpectedExpirationMs = close + (5 * Minute);
        market.LatestExpirationMs = close + (7 * Day);
        if (windowStart <= NowMs)
        {
            market.Status = SimMarketStatus.Active;
            Seed(market);
        }
        else
        {
            market.Status = SimMarketStatus.Initialized;
            schedule.Enqueue((market, SimTransition.Open), windowStart);
        }

        schedule.Enqueue((market, SimTransition.Close), close);
        if (announce is not null)
        {
            AnnounceCreated(e, market, announce);
        }

        return market;
    }
}
