namespace Ssmd.Archiver.Flushing;

/// <summary>What one flush did (the admin endpoint's answer).</summary>
/// <param name="Reason">Why it ran: admin, shutdown, pending, interval, day.</param>
/// <param name="Files">Archive files written (manifests not counted).</param>
/// <param name="Messages">Messages added to the archive.</param>
/// <param name="Carried">Messages left journaled for a later flush (past a consumer's ack floor).</param>
/// <param name="Days">The days whose manifests changed, <c>YYYY-MM-DD</c>.</param>
/// <param name="DurationMs">How long it took.</param>
public sealed record FlushResult(string Reason, int Files, long Messages, long Carried, IReadOnlyList<string> Days, long DurationMs);
