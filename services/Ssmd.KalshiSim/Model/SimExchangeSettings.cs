namespace Ssmd.KalshiSim.Model;

/// <summary>What the market model needs to be reproducible.</summary>
internal sealed record SimExchangeSettings(
    int Seed,
    int Markets,
    long StartTimeMs,
    double MillisecondsPerStep,
    bool RollingSeries = true,
    double PauseProbability = 0.0002,
    double CloseDateChangeProbability = 0.0001,
    int TradeHistory = 100_000);
