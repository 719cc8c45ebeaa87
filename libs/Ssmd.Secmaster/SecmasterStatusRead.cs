namespace Ssmd.Secmaster;

/// <summary>
/// A normalized status message read for the security master: the update to apply, or why it cannot be
/// applied (<see cref="Rejection"/> is a metric label: <c>malformed</c>, <c>unknown_event</c>, <c>unknown_status</c>; <c>not_lifecycle</c> for ssmd's own events, which are skipped).
/// </summary>
/// <param name="Update">The update, or null when rejected.</param>
/// <param name="Rejection">The reason label when rejected.</param>
/// <param name="Detail">What exactly was wrong, for the log.</param>
public sealed record SecmasterStatusRead(SecmasterLifecycleUpdate? Update, string? Rejection, string? Detail)
{
    /// <summary>
    /// The update's text fields that held a NUL, which PostgreSQL refuses in text: each NUL became U+FFFD,
    /// so the message applies instead of being retried forever (empty: none).
    /// </summary>
    public IReadOnlyList<string> Repaired { get; init; } = [];
}
