namespace Ssmd.KalshiSim.Admin;

/// <summary><c>PUT /admin/load</c>: null fields are left as they are; <see cref="Markets"/> can only grow.</summary>
internal sealed record SimLoadRequest(bool? Paused, double? EventsPerSecond, int? Markets = null);
