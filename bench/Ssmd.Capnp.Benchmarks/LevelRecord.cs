namespace Ssmd.Capnp.Benchmarks;

/// <summary>A book level as a plain record, for the JSON anchor.</summary>
public sealed record LevelRecord(long Price, long Size);
