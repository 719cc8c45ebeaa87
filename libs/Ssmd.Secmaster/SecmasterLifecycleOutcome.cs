namespace Ssmd.Secmaster;

/// <summary>What applying one lifecycle message did.</summary>
public enum SecmasterLifecycleOutcome
{
    /// <summary>Fields changed: history rows written, the change committed (and published when a publisher is set).</summary>
    Changed,

    /// <summary>The market already had these values: nothing written.</summary>
    Unchanged,

    /// <summary>The market is not in the table and the message is not <c>created</c>: left to the next sync.</summary>
    UnknownMarket,

    /// <summary>The message's stream sequence was applied before (a redelivery): nothing written.</summary>
    Duplicate,

    /// <summary>
    /// Received well before the last complete sync started (a backlog read after the worker was down): the
    /// sync's REST read came after it, so applying it would put an older state over a newer one. Nothing written.
    /// </summary>
    Stale,
}
