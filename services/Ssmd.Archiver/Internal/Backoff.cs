namespace Ssmd.Archiver.Internal;

/// <summary>The one retry schedule of the archiver: doubling from a first delay up to a ceiling.</summary>
internal static class Backoff
{
    /// <summary>The delay before the retry that follows <paramref name="failures"/> failures in a row (0 = the first retry).</summary>
    public static TimeSpan After(int failures, TimeSpan first, TimeSpan ceiling) =>
        TimeSpan.FromTicks((long)Math.Min(first.Ticks * Math.Pow(2, Math.Min(failures, 30)), ceiling.Ticks));
}
