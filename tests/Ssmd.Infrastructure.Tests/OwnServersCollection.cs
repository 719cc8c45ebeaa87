namespace Ssmd.Infrastructure.Tests;

/// <summary>
/// Tests that start fixtures of their own and change the SSMD_* binary overrides, which are process-wide:
/// they run alone, after the parallel tests, so no other test sees a bogus override.
/// </summary>
[CollectionDefinition(nameof(OwnServersCollection), DisableParallelization = true)]
public sealed class OwnServersCollection;
