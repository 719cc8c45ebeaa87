namespace Ssmd.Capnp.Tests.Support;

/// <summary>
/// Tests that assert exact allocation counts run alone, after the parallel tests: while other tests
/// of this assembly run alongside, the runtime occasionally charges a few KiB of its own work (type
/// loading shared with the other threads) to the measuring thread.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "Allocation";
}
