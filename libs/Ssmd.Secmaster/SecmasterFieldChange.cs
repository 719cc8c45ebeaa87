namespace Ssmd.Secmaster;

/// <summary>One changed field of a market, as recorded in <c>market_history</c>.</summary>
/// <param name="Field">The column name (<c>status</c>, <c>close_time</c>…), <c>created</c> for a market first seen, <c>metadata</c> for other exchange fields.</param>
/// <param name="OldValue">The value before, as PostgreSQL renders it (times in UTC), or null.</param>
/// <param name="NewValue">The value after, or null.</param>
public sealed record SecmasterFieldChange(string Field, string? OldValue, string? NewValue);
