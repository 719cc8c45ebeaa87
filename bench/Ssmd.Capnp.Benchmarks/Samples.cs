namespace Ssmd.Capnp.Benchmarks;

/// <summary>One realistic trade and one 10-level book snapshot (prices 0.0001 $, sizes 0.01 contract).</summary>
internal static class Samples
{
    public static TradeRecord Trade { get; } = new(
        "KXBTC15M-26JUN101215-15", 1_781_000_000_123_000_000, 1_781_000_000_125_431_000, 2573,
        "3f2c1a9e-7b6d-4c5e-9f8a-1b2c3d4e5f60", 4575, 1250, 1, false);

    public static BookRecord Book { get; } = new(
        "KXBTC15M-26JUN101215-15", 0, 1_781_000_000_125_431_000, 2574,
        [.. Enumerable.Range(0, 10).Select(i => new LevelRecord(4575 - (i * 100), 1250 + (i * 37)))],
        [.. Enumerable.Range(0, 10).Select(i => new LevelRecord(4675 + (i * 100), 980 + (i * 53)))],
        "9b2f6c1e-1d3a-4b8e-a7c5-2e4f6a8b0c1d");
}
