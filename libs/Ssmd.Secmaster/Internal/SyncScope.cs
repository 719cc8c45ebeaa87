namespace Ssmd.Secmaster.Internal;

/// <summary>Where a paged scan stands: saved with each page so a crashed sync resumes after the last committed one.</summary>
/// <param name="Scope"><c>series</c>, <c>events</c> or <c>markets</c>.</param>
/// <param name="RunId">The scan this page belongs to.</param>
/// <param name="NextCursor">The cursor of the page after this one; null when this was the last.</param>
internal sealed record SyncScope(string Scope, Guid RunId, string? NextCursor);
