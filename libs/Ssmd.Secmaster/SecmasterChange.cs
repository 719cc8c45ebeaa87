namespace Ssmd.Secmaster;

/// <summary>
/// A committed change to one market: what <c>kalshi.secmaster.{ticker}</c> carries (as JSON), with
/// <c>Nats-Msg-Id</c> <c>secmaster:{ticker}:{version}</c>, so a republish after a crash is a duplicate.
/// </summary>
/// <param name="Ticker">The market.</param>
/// <param name="Version">The market's version after this change (1 when first seen).</param>
/// <param name="Source"><c>sync</c> or <c>lifecycle</c>.</param>
/// <param name="ChangedAt">When the change was written.</param>
/// <param name="Fields">The fields that changed.</param>
public sealed record SecmasterChange(string Ticker, int Version, string Source, DateTimeOffset ChangedAt, IReadOnlyList<SecmasterFieldChange> Fields)
{
    /// <summary>True when this is the market's first appearance.</summary>
    public bool IsCreated => Version == 1;

    /// <summary>The stable message id for JetStream deduplication.</summary>
    public string MessageId => $"secmaster:{Ticker}:{Version}";
}
