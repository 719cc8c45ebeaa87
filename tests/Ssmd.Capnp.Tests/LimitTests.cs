using Ssmd.Capnp.Tests.Models;
using Ssmd.Capnp.Tests.Schema;
using Ssmd.Capnp.Tests.Support;
using Ssmd.Normalized;
using static Ssmd.Capnp.Tests.Support.Frames;

namespace Ssmd.Capnp.Tests;

/// <summary>
/// Lists at the edge of what the encoding can say (29-bit counts) and the traversal limit, in C#:
/// what fits is read, what does not raises <see cref="CapnpFormatException"/> (or, when building,
/// <see cref="ArgumentOutOfRangeException"/>), and nothing allocates in proportion to a count a
/// message merely claims.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class LimitTests
{
    private const int MaxCount = (1 << 29) - 1;

    /// <summary>What a refusal may allocate: the exception, its message and stack trace.</summary>
    private const long ExceptionBytes = 16 * 1024;

    [Theory]
    [InlineData(1)] // bits
    [InlineData(2)] // bytes (Data)
    [InlineData(3)] // two bytes
    [InlineData(4)] // four bytes
    [InlineData(5)] // eight bytes
    [InlineData(6)] // pointers (Text)
    [InlineData(7)] // composite: 2^29 - 1 words of structs
    public void A_list_of_the_maximal_count_in_a_tiny_message_is_refused_without_allocating_for_it(int elementSize)
    {
        byte[] frame = Of([Struct(0, 0, 1), List(0, elementSize, MaxCount), Struct(MaxCount, 1, 0)]);
        StructReader root = MessageReader.Read(frame).GetRoot();

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CapnpFormatException>(() => elementSize switch
        {
            1 => root.ReadBoolList(0).Count,
            2 => root.ReadData(0).Length,
            3 => root.ReadList<short>(0).Count,
            4 => root.ReadList<int>(0).Count,
            5 => root.ReadList<long>(0).Count,
            6 => root.ReadTextList(0).Count,
            _ => root.ReadStructList<Level.Reader>(0).Count,
        });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("outside segment 0", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < ExceptionBytes, $"Refusing a list of 2^29 - 1 elements allocated {allocated} bytes.");
    }

    [Fact]
    public void A_void_list_of_the_maximal_count_reads_in_place_when_the_traversal_limit_allows_it()
    {
        // 2^29 - 1 zero-sized elements cost one word each against the limit, nothing else.
        byte[] frame = Of([Struct(0, 0, 1), List(0, 0, MaxCount)]);
        var message = MessageReader.Read(frame, new ReaderOptions { TraversalLimitInWords = 1L << 30 });

        long before = GC.GetAllocatedBytesForCurrentThread();
        StructList<Level.Reader> levels = message.GetRoot().ReadStructList<Level.Reader>(0);
        Level.Reader last = levels[MaxCount - 1];
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(MaxCount, levels.Count);
        Assert.Equal((0L, 0L), (last.Price, last.Size));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_builder_refuses_lists_the_encoding_cannot_hold_before_allocating_them()
    {
        var builder = new MessageBuilder();
        AllTypes.Builder all = AllTypes.InitRoot(builder);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<ArgumentOutOfRangeException>(() => all.InitInt8List(1 << 29)); // a count of 2^29
        Assert.Throws<ArgumentOutOfRangeException>(() => all.InitTextList(int.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => all.InitStructList(MaxCount)); // 2^29 - 1 structs of 24 words
        Assert.Throws<ArgumentOutOfRangeException>(() => all.InitInt64List(MaxCount)); // 4 GiB: more than one .NET array holds
        Assert.Throws<ArgumentOutOfRangeException>(() => all.InitInt32List(-1));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 4 * ExceptionBytes, $"Refusing impossible lists allocated {allocated} bytes.");
        Assert.Equal(0, AllTypes.ReadRoot(MessageReader.Read(builder.ToArray())).Int8List.Count);
    }

    [Fact]
    public void A_book_bigger_than_the_traversal_limit_reads_up_to_the_limit_and_then_is_refused()
    {
        // 50,000 levels a side: 100,001 words a list.
        var levels = Enumerable.Range(0, 50_000).Select(i => new LevelModel(i, i + 1)).ToArray();
        var builder = new MessageBuilder();
        new SnapshotModel("KX", 1, 2, 3, levels, levels, "m").Build(OrderBookSnapshot.InitRoot(builder));
        byte[] frame = builder.ToArray();

        OrderBookSnapshot.Reader limited = OrderBookSnapshot.ReadRoot(MessageReader.Read(frame, new ReaderOptions { TraversalLimitInWords = 150_000 }));
        Assert.Equal(50_000, limited.Bids.Count);
        var error = Assert.Throws<CapnpFormatException>(() => limited.Asks.Count);
        Assert.Contains("traversal limit of 150000 words", error.Message, StringComparison.Ordinal);

        OrderBookSnapshot.Reader book = OrderBookSnapshot.ReadRoot(MessageReader.Read(frame));
        Assert.NotEqual(0, Walk.Snapshot(book));
        Assert.Equal((50_000, 49_999L, 50_000L), (book.Asks.Count, book.Asks[49_999].Price, book.Asks[49_999].Size));
    }
}
