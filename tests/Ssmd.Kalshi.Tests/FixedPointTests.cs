namespace Ssmd.Kalshi.Tests;

public sealed class FixedPointTests
{
    [Theory]
    [InlineData("0.4300", 4300)]
    [InlineData("0.9990", 9990)]
    [InlineData("1.0000", 10000)]
    [InlineData("0.480", 4800)]
    [InlineData("0.010000", 100)]
    [InlineData("1", 10000)]
    [InlineData("0.0001", 1)]
    public void Dollar_strings_parse_to_hundredths_of_a_cent_without_rounding(string text, long units) =>
        Assert.Equal(units, KalshiPrice.Parse(text).Units);

    [Theory]
    [InlineData("0.00005")]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0.4.3")]
    [InlineData(".")]
    public void Dollar_strings_that_lose_precision_or_are_not_numbers_are_refused(string text) =>
        Assert.False(KalshiPrice.TryParse(text, out _));

    [Theory]
    [InlineData("19.25", 1925)]
    [InlineData("-26.43", -2643)]
    [InlineData("618700.14", 61870014)]
    [InlineData("0.00", 0)]
    public void Contract_counts_parse_to_hundredths_of_a_contract(string text, long units) =>
        Assert.Equal(units, KalshiSize.Parse(text).Units);

    [Fact]
    public void Prices_and_sizes_round_trip_through_their_wire_strings()
    {
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            var price = new KalshiPrice(random.NextInt64(-2_000_000, 2_000_000));
            Assert.Equal(price, KalshiPrice.Parse(price.ToString()));
            var size = new KalshiSize(random.NextInt64(-10_000_000_000, 10_000_000_000));
            Assert.Equal(size, KalshiSize.Parse(size.ToString()));
        }

        Assert.Equal("0.4300", new KalshiPrice(4300).ToString());
        Assert.Equal("-26.43", new KalshiSize(-2643).ToString());
        Assert.Equal("0.00", KalshiSize.Zero.ToString());
    }

    [Fact]
    public void The_complement_of_a_no_bid_is_the_yes_ask() =>
        Assert.Equal(KalshiPrice.Parse("0.4400"), KalshiPrice.Parse("0.5600").Complement);
}
