using System.Buffers;
using System.Text.Json;

namespace Ssmd.KalshiSim.Model;

/// <summary>
/// The market model: series → events → markets with books of YES and NO bids, order flow whose trades
/// consume resting levels, and a lifecycle on a simulated clock. Seeded and deterministic: the same
/// seed, start time and step duration give the same messages. Not thread-safe: callers hold
/// <see cref="Sync"/> for every call and every read of the state.
/// </summary>
internal sealed partial class SimExchange
{
    private readonly Random random;
    private readonly long startMs;
    private readonly double msPerStep;
    private readonly ArrayBufferWriter<byte> scratch = new(1024);
    private readonly Utf8JsonWriter json;
    private readonly List<SimMarket> markets = [];
    private readonly Dictionary<string, SimMarket> byTicker = new(StringComparer.Ordinal);
    private readonly List<SimEvent> events = [];
    private readonly Dictionary<string, SimEvent> eventsByTicker = new(StringComparer.Ordinal);
    private readonly List<SimSeries> series = [];
    private readonly PriorityQueue<(SimMarket Market, SimTransition Transition), long> schedule = new();
    private readonly List<SimTradeRecord> trades = [];
    private readonly int tradeHistory;
    private long tradeNumber;

    public SimExchange(SimExchangeSettings settings)
    {
        Settings = settings;
        random = new Random(settings.Seed);
        startMs = settings.StartTimeMs;
        msPerStep = settings.MillisecondsPerStep;
        tradeHistory = settings.TradeHistory;
        json = new Utf8JsonWriter(scratch);
        NowMs = startMs;
        BuildCatalog(settings.Markets);
    }

    public SimExchangeSettings Settings { get; }

    /// <summary>The lock guarding all state.</summary>
    public object Sync { get; } = new();

    /// <summary>Simulated exchange time, Unix ms.</summary>
    public long NowMs { get; private set; }

    /// <summary>Steps taken so far.</summary>
    public long Steps { get; private set; }

    public IReadOnlyList<SimMarket> Markets => markets;

    public IReadOnlyList<SimEvent> Events => events;

    public IReadOnlyList<SimSeries> Series => series;

    /// <summary>Recent trades, oldest first (at most the configured history).</summary>
    public IReadOnlyList<SimTradeRecord> Trades => trades;

    private SimMarket[] sortedByTicker = [];

    /// <summary>Markets in ordinal ticker order (rebuilt when markets were added).</summary>
    public SimMarket[] MarketsByTicker()
    {
        if (sortedByTicker.Length != markets.Count)
        {
            sortedByTicker = [.. markets.OrderBy(m => m.Ticker, StringComparer.Ordinal)];
        }

        return sortedByTicker;
    }

    public SimMarket? Find(string ticker) => byTicker.GetValueOrDefault(ticker);

    public SimEvent? FindEvent(string ticker) => eventsByTicker.GetValueOrDefault(ticker);

    /// <summary>Advances the clock by one step, runs what is due and one order-flow action; appends what clients would see.</summary>
    public void Step(List<SimMessage> output)
    {
        Steps++;
        NowMs = startMs + (long)(Steps * msPerStep);
        RunSchedule(output);
        MaybeLifecycleNoise(output);

        // A few tries to land on a tradable market; a fully closed exchange just lets time pass.
        for (var attempt = 0; attempt < 4 && markets.Count > 0; attempt++)
        {
            var market = markets[random.Next(markets.Count)];
            if (market.IsTradable)
            {
                Trade(market, output);
                return;
            }
        }
    }

    private byte[] Body(Action<Utf8JsonWriter> write)
    {
        scratch.Clear();
        json.Reset(scratch);
        write(json);
        json.Flush();
        return scratch.WrittenSpan.ToArray();
    }
}
