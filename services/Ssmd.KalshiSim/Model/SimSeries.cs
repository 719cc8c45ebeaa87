namespace Ssmd.KalshiSim.Model;

/// <summary>A series: the category lives here.</summary>
internal sealed record SimSeries(string Ticker, string Title, string Category, string[] Tags, string Frequency);
