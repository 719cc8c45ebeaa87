using System.Text;
using Ssmd.Normalized;

namespace Ssmd.Capnp.Tests;

/// <summary>
/// The builder's fast paths (ASCII text narrowed in place, small messages cleared and copied
/// inline) produce the same bytes as its general paths, whatever message came before.
/// </summary>
public sealed class EncodingPathTests
{
    [Theory]
    [InlineData(1024)]
    [InlineData(4)]
    public void Text_set_from_a_string_is_byte_identical_to_text_set_from_its_utf8_on_a_reused_builder(int firstSegmentWords)
    {
        // Both builders live through the same messages, so their segments grow alike.
        var reused = new MessageBuilder(firstSegmentWords);
        var reference = new MessageBuilder(firstSegmentWords);
        foreach (string text in Texts())
        {
            reused.Reset();
            Trade.Builder trade = Trade.InitRoot(reused);
            trade.SetTicker(text);
            trade.Price = text.Length;
            trade.SetTradeId(text);

            reference.Reset();
            Trade.Builder expected = Trade.InitRoot(reference);
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            expected.SetTicker(utf8);
            expected.Price = text.Length;
            expected.SetTradeId(utf8);

            byte[] frame = reused.ToArray();
            Assert.Equal(reference.ToArray(), frame);
            Trade.Reader read = Trade.ReadRoot(MessageReader.Read(frame));
            Assert.True(read.Ticker.Equals(new ReadOnlySpan<byte>(utf8)), $"Ticker of {text.Length} chars reads back as written.");
        }
    }

    [Fact]
    public void Messages_of_every_size_frame_the_same_into_a_span_as_into_a_stream_and_a_short_span_is_refused()
    {
        var builder = new MessageBuilder();
        var output = new byte[64 * 1024];

        // 0 to 80 levels a side: from a few words to well past the inline clear and copy limit, up and down again.
        foreach (int levels in Enumerable.Range(0, 81).Concat(Enumerable.Range(0, 81).Reverse()))
        {
            builder.Reset();
            OrderBookSnapshot.Builder book = OrderBookSnapshot.InitRoot(builder);
            book.SetTicker("KXBTC15M-26JUN101215-15");
            StructListBuilder<Level.Builder> bids = book.InitBids(levels);
            for (int i = 0; i < levels; i++)
            {
                Level.Builder level = bids[i];
                level.Price = 4575 - i;
                level.Size = 100 + i;
            }

            int length = builder.WriteTo(output);
            using var stream = new MemoryStream();
            builder.WriteTo(stream);

            Assert.Equal(stream.ToArray(), output[..length]);
            Assert.Equal(length, builder.FramedLength);
            Assert.Equal(levels, OrderBookSnapshot.ReadRoot(MessageReader.Read(output.AsMemory(0, length))).Bids.Count);
            Assert.Throws<ArgumentException>(() => builder.WriteTo(new byte[length - 1]));
        }
    }

    // ASCII of every length around the vector steps, non-ASCII at every position of those lengths
    // (after an ASCII prefix the fast path gives up on), a lone surrogate, and text too long to
    // transcode in place, interleaved so that short text follows long text in the reused builder.
    private static IEnumerable<string> Texts()
    {
        const string Ascii = "KXBTC15M-26JUN101215-15-3f2c1a9e-7b6d-4c5e-9f8a-1b2c3d4e5f60-0123456789";
        for (int length = 0; length <= 70; length++)
        {
            yield return Ascii[..length];
            yield return new string('x', 5000) + "€";
        }

        foreach (int length in new[] { 1, 7, 8, 9, 15, 16, 17, 23, 31, 32, 33, 36 })
        {
            for (int at = 0; at < length; at++)
            {
                foreach (string other in new[] { "é", "€", "😀", "\uD800" })
                {
                    yield return Ascii[..at] + other + Ascii[(at + 1)..length];
                }
            }
        }

        yield return new string('y', 5000);
    }
}
