using Ssmd.Kalshi;
using Ssmd.Kalshi.Messages;

namespace Ssmd.KalshiSim.Model;

internal sealed partial class SimExchange
{
    private void RunSchedule(List<SimMessage> output)
    {
        while (schedule.TryPeek(out var item, out var due) && due <= NowMs)
        {
            schedule.Dequeue();
            var (market, transition) = item;
            switch (transition)
            {
                // Opening at open_time is implicit: Kalshi sends no lifecycle message for it.
                case SimTransition.Open when market.Status == SimMarketStatus.Initialized && market.OpenMs <= NowMs:
                    market.Status = SimMarketStatus.Active;
                    Seed(market);
                    output.Add(SnapshotMessage(market));
                    output.Add(TickerMessage(market));
                    break;
                case SimTransition.Resume when market.Status == SimMarketStatus.Inactive:
                    Resume(market, output);
                    break;
                case SimTransition.Close when market.Status is SimMarketStatus.Active or SimMarketStatus.Inactive && market.CloseMs <= NowMs:
                    Close(market, output);
                    break;
                case SimTransition.Determine when market.Status == SimMarketStatus.Closed:
                    Determine(market, NowMs, output);
                    break;
                case SimTransition.Settle when market.Status == SimMarketStatus.Determined:
                    Settle(market, output);
                    break;
            }
        }
    }

    private void MaybeLifecycleNoise(List<SimMessage> output)
    {
        if (Settings.PauseProbability > 0 && random.NextDouble() < Settings.PauseProbability)
        {
            var market = markets[random.Next(markets.Count)];
            if (market.Status == SimMarketStatus.Active)
            {
                Pause(market, output);
                schedule.Enqueue((market, SimTransition.Resume), NowMs + 1_000 + random.Next(30_000));
            }
        }

        if (Settings.CloseDateChangeProbability > 0 && random.NextDouble() < Settings.CloseDateChangeProbability)
        {
            var market = markets[random.Next(markets.Count)];
            if (market.Status is SimMarketStatus.Active or SimMarketStatus.Inactive)
            {
                ChangeClose(market, market.CloseMs + ((1 + random.Next(24)) * Hour), output);
            }
        }
    }

    /// <summary>An exchange pause of one market: <c>deactivated</c>, and no order flow until resumed.</summary>
    public void Pause(SimMarket market, List<SimMessage> output)
    {
        market.Status = SimMarketStatus.Inactive;
        market.UpdatedMs = NowMs;
        output.Add(LifecycleMessage(market, new KalshiMarketLifecycle(market.Ticker, "deactivated", IsDeactivated: true)));
    }

    public void Resume(SimMarket market, List<SimMessage> output)
    {
        market.Status = SimMarketStatus.Active;
        market.UpdatedMs = NowMs;
        output.Add(LifecycleMessage(market, new KalshiMarketLifecycle(market.Ticker, "activated", IsDeactivated: false)));
    }

    /// <summary>Moves the close time; a closed market whose close moves into the future opens again (<c>activated</c>).</summary>
    public void ChangeClose(SimMarket market, long closeMs, List<SimMessage> output)
    {
        market.CloseMs = closeMs;
        market.UpdatedMs = NowMs;
        output.Add(LifecycleMessage(market, new KalshiMarketLifecycle(market.Ticker, "close_date_updated", CloseTs: closeMs / 1000)));
        if (market.Status == SimMarketStatus.Closed && closeMs > NowMs)
        {
            Resume(market, output);
        }

        schedule.Enqueue((market, SimTransition.Close), closeMs);
    }

    /// <summary>
    /// Close is implicit (no lifecycle message): order-book deltas stop, resting orders are cancelled and
    /// an empty <c>orderbook_snapshot</c> is sent unasked, as in the real gold captures.
    /// </summary>
    public void Close(SimMarket market, List<SimMessage> output)
    {
        market.Status = SimMarketStatus.Closed;
        market.CloseMs = Math.Min(market.CloseMs, NowMs);
        market.Book.Clear();
        output.Add(SnapshotMessage(market));
        output.Add(TickerMessage(market));
        schedule.Enqueue((market, SimTransition.Determine), NowMs + 5_000 + random.Next(60_000));
        if (market.Event.Series.Ticker == RollingSeriesTicker && Settings.RollingSeries)
        {
            // Keep two windows ahead, as the real series lists them.
            CreateWindow(market.CloseMs + (15 * Minute), output);
        }
    }

    /// <summary><c>determined</c> with a result and a settlement value; settlement follows after the timer.</summary>
    public void Determine(SimMarket market, long atMs, List<SimMessage>? output, string? result = null)
    {
        result ??= market.Fair >= KalshiPrice.Scale / 2 ? "yes" : "no";
        market.Status = SimMarketStatus.Determined;
        market.Result = result;
        market.SettlementValue = result == "yes" ? KalshiPrice.One : KalshiPrice.Zero;
        market.DeterminedMs = atMs;
        market.UpdatedMs = atMs;
        if (output is not null)
        {
            output.Add(LifecycleMessage(market, new KalshiMarketLifecycle(market.Ticker, "determined", Result: result, DeterminationTs: atMs / 1000, SettlementValue: market.SettlementValue)));
            schedule.Enqueue((market, SimTransition.Settle), atMs + (market.SettlementTimerSeconds * 1000L));
        }
    }

    public void Settle(SimMarket market, List<SimMessage> output)
    {
        market.Status = SimMarketStatus.Finalized;
        market.SettledMs = NowMs;
        market.UpdatedMs = NowMs;
        output.Add(LifecycleMessage(market, new KalshiMarketLifecycle(market.Ticker, "settled", SettledTs: NowMs / 1000)));
    }

    /// <summary><c>event_lifecycle</c> for a new event (with its first market), then <c>created</c> for the market.</summary>
    private void AnnounceCreated(SimEvent e, SimMarket market, List<SimMessage> output, bool newEvent = true)
    {
        if (newEvent)
        {
            output.Add(new SimMessage(SimChannel.MarketLifecycle, null, SimMessage.Types.EventLifecycle, Body(w => KalshiFrameWriter.WriteEventLifecycleBody(w, new KalshiEventLifecycle(e.Ticker, e.Series.Ticker, e.Title, e.SubTitle, "", market.ExchangeIndex, e.StrikeDateMs / 1000, "")))));
        }

        var metadata = new KalshiLifecycleMetadata(market.YesSubTitle, e.Title, market.YesSubTitle, market.YesSubTitle, RulesPrimary(market), "", true, e.Ticker, market.ExpectedExpirationMs / 1000, "greater_or_equal");
        var ranges = market.Grid.Ranges.ToList();
        output.Add(LifecycleMessage(market, new KalshiMarketLifecycle(
            market.Ticker, "created", OpenTs: market.OpenMs / 1000, CloseTs: market.CloseMs / 1000,
            PriceLevelStructure: market.Grid.Structure, PriceRanges: ranges, ExchangeIndex: market.ExchangeIndex, AdditionalMetadata: metadata)));
    }

    public static string RulesPrimary(SimMarket market) =>
        $"If the {market.Event.Series.Title} value is {market.YesSubTitle.ToLowerInvariant()} at close, then the market resolves to Yes.";
}
