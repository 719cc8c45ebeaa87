using System.Diagnostics.Metrics;

namespace Ssmd.KalshiSim.Internal;

/// <summary>
/// The simulator's instruments on meter <c>Ssmd.KalshiSim</c> (published on /metrics as
/// <c>ssmd_kalshisim_*</c>). Every series exists from start-up.
/// </summary>
internal sealed class KalshiSimMetrics : IDisposable
{
    public const string MeterName = "Ssmd.KalshiSim";

    public static readonly string[] FaultNames =
        ["drop_connection", "sequence_gap", "duplicate_frame", "malformed_json", "unknown_message_type", "missing_ticker", "unknown_field", "legacy_shapes", "buffer_overflow", "stall"];

    private readonly Meter meter;

    public KalshiSimMetrics(IMeterFactory factory)
    {
        meter = factory.Create(MeterName);
        FramesSent = meter.CreateCounter<long>("ssmd.kalshisim.frames.sent", description: "WebSocket frames sent to clients");
        Commands = meter.CreateCounter<long>("ssmd.kalshisim.commands", description: "WebSocket commands received (outcome=received) and error replies sent (outcome=error)");
        Faults = meter.CreateCounter<long>("ssmd.kalshisim.faults.injected", description: "Faults injected, by kind");
        Handshakes = meter.CreateCounter<long>("ssmd.kalshisim.handshakes", description: "WebSocket handshakes, by outcome");
        FramesSent.Add(0);
        Commands.Add(0, new KeyValuePair<string, object?>("outcome", "received"));
        Commands.Add(0, new KeyValuePair<string, object?>("outcome", "error"));
        Handshakes.Add(0, new KeyValuePair<string, object?>("outcome", "accepted"));
        Handshakes.Add(0, new KeyValuePair<string, object?>("outcome", "refused"));
        foreach (var fault in FaultNames)
        {
            Faults.Add(0, new KeyValuePair<string, object?>("fault", fault));
        }
    }

    public Counter<long> FramesSent { get; }

    public Counter<long> Commands { get; }

    public Counter<long> Faults { get; }

    public Counter<long> Handshakes { get; }

    public void Fault(string name) => Faults.Add(1, new KeyValuePair<string, object?>("fault", name));

    public void Dispose() => meter.Dispose();
}
