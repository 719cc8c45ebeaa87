namespace Ssmd.Secmaster;

/// <summary>One row of a market's history: a field's old and new value at a version.</summary>
/// <param name="Version">The market version this change produced.</param>
/// <param name="Field">The field (<c>created</c> for the first sighting, <c>metadata</c> for other exchange fields).</param>
/// <param name="OldValue">Before.</param>
/// <param name="NewValue">After.</param>
/// <param name="ChangedAt">When it was written.</param>
/// <param name="Source"><c>sync</c> or <c>lifecycle</c>.</param>
public sealed record SecmasterHistoryEntry(int Version, string Field, string? OldValue, string? NewValue, DateTimeOffset ChangedAt, string Source);
