namespace Ssmd.KalshiSim.Admin;

/// <summary>The load as it stands.</summary>
internal sealed record SimLoad(bool Paused, double EventsPerSecond, int Connections, long Steps, int Markets);
