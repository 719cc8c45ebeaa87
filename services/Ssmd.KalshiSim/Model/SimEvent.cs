namespace Ssmd.KalshiSim.Model;

/// <summary>An event of a series, holding one or more markets.</summary>
internal sealed class SimEvent(string ticker, SimSeries series, string title, string subTitle, long strikeDateMs, bool mutuallyExclusive)
{
    public string Ticker { get; } = ticker;

    public SimSeries Series { get; } = series;

    public string Title { get; } = title;

    public string SubTitle { get; } = subTitle;

    public long StrikeDateMs { get; } = strikeDateMs;

    public bool MutuallyExclusive { get; } = mutuallyExclusive;

    public List<SimMarket> Markets { get; } = [];
}
