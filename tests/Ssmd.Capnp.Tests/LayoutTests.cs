using Ssmd.Capnp.Tests.Support;
using Ssmd.Normalized;

namespace Ssmd.Capnp.Tests;

/// <summary>Byte layouts pinned against the encoding spec, and the builder's reuse of its buffers.</summary>
[Collection(AllocationCollection.Name)]
public sealed class LayoutTests
{
    [Fact]
    public void A_level_is_a_segment_table_a_root_pointer_and_two_little_endian_words()
    {
        var builder = new MessageBuilder();
        Level.Builder level = Level.InitRoot(builder);
        level.Price = 4575;
        level.Size = 1250;

        Assert.Equal(
            Convert.FromHexString(
                "00000000" + "03000000" + // one segment of three words
                "0000000002000000" + // struct pointer: offset 0, 2 data words, 0 pointers
                "DF11000000000000" + // price 4575
                "E204000000000000"), // size 1250
            builder.ToArray());
    }

    [Fact]
    public void An_object_that_does_not_fit_its_segment_is_reached_through_a_far_pointer_and_landing_pad()
    {
        var builder = new MessageBuilder(firstSegmentWords: 1);
        Level.InitRoot(builder).Price = 1;

        byte[] frame = builder.ToArray();

        Assert.Equal(
            Convert.FromHexString(
                "01000000" + "01000000" + "03000000" + "00000000" + // two segments: 1 word and 3 words, then padding
                "0200000001000000" + // far pointer: kind 2, landing pad at word 0 of segment 1
                "0000000002000000" + // landing pad: struct pointer, offset 0, 2 data words
                "0100000000000000" + "0000000000000000"), // price 1, size 0
            frame);
        Assert.Equal(1, Level.ReadRoot(MessageReader.Read(frame)).Price);
    }

    [Fact]
    public void Building_message_after_message_allocates_nothing_once_the_segments_are_big_enough()
    {
        var builder = new MessageBuilder();
        var output = new byte[4096];
        BuildTrade(builder, output);

        Assert.Equal(0, AllocatedBy(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                BuildTrade(builder, output);
            }
        }));

        static void BuildTrade(MessageBuilder builder, byte[] output)
        {
            builder.Reset();
            Trade.Builder trade = Trade.InitRoot(builder);
            trade.SetTicker("KXBTC15M-26JUN101215-15");
            trade.SetTradeId("3f2c1a9e-7b6d-4c5e-9f8a-1b2c3d4e5f60"u8);
            trade.Price = 4575;
            trade.Size = 1250;
            trade.TakerSide = Side.Yes;
            builder.WriteTo(output);
        }
    }

    [Fact]
    public void Reading_every_field_of_a_reused_reader_allocates_nothing()
    {
        var builder = new MessageBuilder();
        new Models.SnapshotModel("KX", 1, 2, 3, [new(1, 2), new(3, 4)], [new(5, 6)], "m").Build(OrderBookSnapshot.InitRoot(builder));
        byte[] frame = builder.ToArray();
        var reader = new MessageReader();
        reader.Load(frame);
        long sum = Walk.Snapshot(OrderBookSnapshot.ReadRoot(reader));

        Assert.Equal(0, AllocatedBy(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                reader.Load(frame);
                sum += Walk.Snapshot(OrderBookSnapshot.ReadRoot(reader));
            }
        }));
        Assert.NotEqual(0, sum);
    }

    /// <summary>
    /// Bytes <paramref name="action"/> allocates on this thread, measured in a run no garbage
    /// collection interrupted (a collection triggered by other tests' threads resets this thread's
    /// allocation context and can shift the counter); at most five tries.
    /// </summary>
    private static long AllocatedBy(Action action)
    {
        long allocated = -1;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            int collections = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (GC.CollectionCount(0) == collections)
            {
                return allocated;
            }
        }

        return allocated;
    }
}
