namespace Ssmd.Capnp.Tests.Models;

/// <summary>Seeded random field values, with the edge cases mixed in (unicode, escapes, extremes, unset).</summary>
public sealed class Values(int seed)
{
    private static readonly string?[] Texts =
    [
        null,
        "",
        "KXBTC15M-26JUN101215-15",
        "T97499.99",
        "é€😀 ünïcödé 市场",
        "quote\" back\\slash\nnew\tline\u0001\u007f'",
        new string('x', 1000),
        "3f2c1a9e-7b6d-4c5e-9f8a-1b2c3d4e5f60",
    ];

    private readonly Random _random = new(seed);

    public Random Random => _random;

    public string? Text() => Texts[_random.Next(Texts.Length)];

    public long Long() => _random.Next(6) switch
    {
        0 => 0,
        1 => long.MaxValue,
        2 => long.MinValue,
        3 => -1,
        _ => _random.NextInt64(-10_000_000_000_000, 10_000_000_000_000),
    };

    public long Price() => _random.Next(10) == 0 ? 0 : _random.Next(1, 10_000);

    public long Size() => _random.Next(10) == 0 ? 0 : _random.NextInt64(1, 100_000_000);

    public ulong ULong() => _random.Next(4) switch
    {
        0 => 0,
        1 => ulong.MaxValue,
        _ => (ulong)_random.NextInt64(1, long.MaxValue),
    };

    public bool Bool() => _random.Next(2) == 1;

    public T Enum<T>()
        where T : struct, System.Enum
    {
        T[] values = System.Enum.GetValues<T>();
        return values[_random.Next(values.Length)];
    }

    public int Count(int max) => _random.Next(4) == 0 ? 0 : _random.Next(1, max + 1);
}
