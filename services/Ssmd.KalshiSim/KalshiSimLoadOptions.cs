namespace Ssmd.KalshiSim;

/// <summary>How fast the exchange runs (<c>KalshiSim:Load</c>); changeable at run time through <c>PUT /admin/load</c>.</summary>
public sealed class KalshiSimLoadOptions
{
    /// <summary>
    /// Order-flow events per second (each gives one to a few messages per subscribed client);
    /// 0 = as fast as the clients read.
    /// </summary>
    public double EventsPerSecond { get; set; } = 200;

    /// <summary>Simulated milliseconds per event when <see cref="EventsPerSecond"/> is 0.</summary>
    public double MillisecondsPerEventUnpaced { get; set; } = 1;

    /// <summary>Chance per event that a random open market is paused (it resumes within 30 s of exchange time).</summary>
    public double PauseProbability { get; set; } = 0.0002;

    /// <summary>Chance per event that a random open market's close time moves.</summary>
    public double CloseDateChangeProbability { get; set; } = 0.0001;

    /// <summary>Start with the exchange clock stopped (tests step it through the admin API).</summary>
    public bool Paused { get; set; }
}
