namespace Ssmd.Secmaster;

/// <summary>The result of applying one lifecycle message.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Change">The committed change when <paramref name="Outcome"/> is <see cref="SecmasterLifecycleOutcome.Changed"/>.</param>
public sealed record SecmasterLifecycleResult(SecmasterLifecycleOutcome Outcome, SecmasterChange? Change);
