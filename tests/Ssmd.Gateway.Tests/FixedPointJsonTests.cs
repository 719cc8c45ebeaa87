using System.Text;
using Ssmd.Normalized.Json;

namespace Ssmd.Gateway.Tests;

public sealed class FixedPointJsonTests
{
    [Theory]
    [InlineData(4575, 4, "0.4575")]
    [InlineData(4500, 4, "0.45")]
    [InlineData(10000, 4, "1")]
    [InlineData(0, 4, "0")]
    [InlineData(1, 4, "0.0001")]
    [InlineData(1250, 2, "12.5")]
    [InlineData(100, 2, "1")]
    [InlineData(-2500, 2, "-25")]
    [InlineData(-1, 2, "-0.01")]
    [InlineData(1_764_000_000_123_456_789, 6, "1764000000123.456789")]
    [InlineData(1_764_000_000_123_000_000, 6, "1764000000123")]
    [InlineData(long.MaxValue, 2, "92233720368547758.07")]
    [InlineData(long.MinValue, 4, "-922337203685477.5808")]
    public void Fixed_point_units_are_written_as_exact_decimal_text(long units, int scale, string expected)
    {
        Span<byte> text = stackalloc byte[40];
        Assert.Equal(expected, Encoding.ASCII.GetString(text[..FixedPointJson.Format(units, scale, text)]));
    }
}
