namespace Ssmd.KalshiSim.Admin;

/// <summary>One market of the ground truth: both ladders in their own leg's prices, ascending.</summary>
internal sealed record SimGroundTruthMarket(
    string Ticker,
    string Status,
    IReadOnlyList<IReadOnlyList<string>> Yes,
    IReadOnlyList<IReadOnlyList<string>> No,
    string LastPrice,
    string Volume,
    string OpenInterest,
    long Trades,
    string Result);
