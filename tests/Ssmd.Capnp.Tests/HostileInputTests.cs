using System.Buffers.Binary;
using Ssmd.Capnp.Tests.Schema;
using Ssmd.Capnp.Tests.Support;
using Ssmd.Normalized;
using static Ssmd.Capnp.Tests.Support.Frames;

namespace Ssmd.Capnp.Tests;

/// <summary>
/// Messages made to hurt a reader: each raises <see cref="CapnpFormatException"/> with a message
/// that says what is wrong, and nothing else happens (no crash, hang, or read out of bounds).
/// </summary>
public sealed class HostileInputTests
{
    [Fact]
    public void A_struct_that_points_at_itself_stops_at_the_nesting_limit()
    {
        // Root -> struct at word 1 (no data, one pointer) whose pointer points back at itself.
        byte[] frame = Of([Struct(0, 0, 1), Struct(-1, 0, 1)]);
        StructReader node = MessageReader.Read(frame).GetRoot();

        var error = Assert.Throws<CapnpFormatException>(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                node = node.ReadStruct(0);
            }
        });
        Assert.Contains("nesting limit of 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_the_same_list_over_and_over_stops_at_the_traversal_limit()
    {
        // A 1000-word list read again and again: the traversal limit bounds amplification.
        var builder = new MessageBuilder();
        AllTypes.InitRoot(builder).InitInt64List(1000);
        var message = MessageReader.Read(builder.ToArray(), new ReaderOptions { TraversalLimitInWords = 20_000 });
        AllTypes.Reader root = AllTypes.ReadRoot(message);

        var error = Assert.Throws<CapnpFormatException>(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                _ = root.Int64List.Count;
            }
        });
        Assert.Contains("traversal limit of 20000 words", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_list_count_in_a_tiny_message_is_rejected_as_out_of_bounds()
    {
        // AllTypes has 6 data words and 18 pointers; int64List is pointer 7.
        ulong[] root = new ulong[25];
        root[0] = Struct(0, 6, 18);
        int pointer = 1 + 6 + 7;
        root[pointer] = List(0, 5, (1 << 29) - 1);
        var message = MessageReader.Read(Of(root));

        var error = Assert.Throws<CapnpFormatException>(() => AllTypes.ReadRoot(message).Int64List.Count);
        Assert.Contains("outside segment 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)] // a list of half a billion Void
    [InlineData(7)] // a composite list of half a billion zero-sized structs
    public void Half_a_billion_zero_sized_elements_are_charged_one_word_each(int elementSize)
    {
        ulong[] words = elementSize == 0
            ? [Struct(0, 0, 1), List(0, 0, (1 << 29) - 1)]
            : [Struct(0, 0, 1), List(0, 7, 0), Struct((1 << 29) - 1, 0, 0)];
        var message = MessageReader.Read(Of(words));

        var error = Assert.Throws<CapnpFormatException>(() => message.GetRoot().ReadStructList<Level.Reader>(0));
        Assert.Contains("traversal limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_structs_in_two_segments_pointing_at_each_other_through_far_pointers_stop_at_the_nesting_limit()
    {
        // Root -> far -> B (segment 1, word 1); B -> far -> pad at segment 0 word 1 -> A (segment 0, word 2); A -> far -> B again.
        byte[] frame = Of([Far(1, 0), Struct(0, 0, 1), Far(1, 0)], [Struct(0, 0, 1), Far(0, 1)]);
        StructReader node = MessageReader.Read(frame).GetRoot();

        var error = Assert.Throws<CapnpFormatException>(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                node = node.ReadStruct(0);
            }
        });
        Assert.Contains("nesting limit of 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thousands_of_text_pointers_aimed_at_one_big_text_stop_at_the_traversal_limit_without_allocating()
    {
        // A "billion laughs": 4,096 list pointers all aimed at one 32 KiB text (4,096 zero words, so
        // NUL-terminated). The message is 64 KiB; reading every text would traverse 128 MiB.
        const int Pointers = 4096, TextWords = 4096;
        var words = new ulong[2 + Pointers + TextWords];
        words[0] = Struct(0, 0, 1);
        words[1] = List(0, 6, Pointers);
        int text = 2 + Pointers;
        for (int i = 0; i < Pointers; i++)
        {
            words[2 + i] = List(text - (2 + i + 1), 2, TextWords * 8);
        }

        TextList texts = MessageReader.Read(Of(words)).GetRoot().ReadTextList(0);
        long read = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CapnpFormatException>(() =>
        {
            for (int i = 0; i < texts.Count; i++)
            {
                read += texts[i].Length;
            }
        });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("traversal limit", error.Message, StringComparison.Ordinal);
        Assert.InRange(read / ((TextWords * 8) - 1), 1000, 2100); // 8 Mi words of traversal: about 2,048 texts
        Assert.True(allocated < 16 * 1024, $"Reading the texts allocated {allocated} bytes.");
    }

    [Fact]
    public void A_nesting_bomb_of_lists_of_structs_fails_at_the_limit()
    {
        // AllTypes -> structList[0] -> structList[0] -> ... 100 deep, each level a list and a struct.
        var builder = new MessageBuilder();
        AllTypes.Builder node = AllTypes.InitRoot(builder);
        for (int i = 0; i < 100; i++)
        {
            node = node.InitStructList(1)[0];
        }

        byte[] frame = builder.ToArray();

        var error = Assert.Throws<CapnpFormatException>(() => Walk.AllTypes(AllTypes.ReadRoot(MessageReader.Read(frame))));
        Assert.Contains("nesting limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_far_pointer_whose_landing_pad_is_another_far_pointer_is_rejected()
    {
        // Segment 0 root -> far to segment 1 word 0, which is a far pointer back to segment 0.
        byte[] frame = Of([Far(1, 0)], [Far(0, 0)]);

        var error = Assert.Throws<CapnpFormatException>(() => MessageReader.Read(frame).GetRoot());
        Assert.Contains("landing pad", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_double_far_landing_pad_that_starts_with_a_double_far_pointer_is_rejected()
    {
        byte[] frame = Of([Far(1, 0, isDouble: true)], [Far(1, 0, isDouble: true), Struct(0, 0, 0)]);

        var error = Assert.Throws<CapnpFormatException>(() => MessageReader.Read(frame).GetRoot());
        Assert.Contains("double-far", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_double_far_pointer_is_followed_to_its_struct()
    {
        // Root: double-far to segment 1 pad at 0; pad = far to segment 2 word 0 + tag (1 data word).
        byte[] frame = Of([Far(1, 0, isDouble: true)], [Far(2, 0), Struct(0, 2, 0)], [4575, 1250]);

        Level.Reader level = Level.ReadRoot(MessageReader.Read(frame));

        Assert.Equal((4575L, 1250L), (level.Price, level.Size));
    }

    [Theory]
    [InlineData(5U, 0)] // a segment that does not exist
    [InlineData(1U, 100)] // a landing pad past the end of its segment
    public void A_far_pointer_outside_the_message_is_rejected(uint segment, int pad)
    {
        byte[] frame = Of([Far(segment, pad)], [Struct(0, 0, 0)]);

        Assert.Throws<CapnpFormatException>(() => MessageReader.Read(frame).GetRoot());
    }

    [Fact]
    public void A_nesting_bomb_of_a_hundred_levels_fails_at_the_limit_and_reads_with_a_higher_one()
    {
        var builder = new MessageBuilder();
        AllTypes.Builder node = AllTypes.InitRoot(builder);
        for (int i = 0; i < 100; i++)
        {
            node = node.InitStructField();
        }

        node.Int32Field = 42;
        byte[] frame = builder.ToArray();

        var error = Assert.Throws<CapnpFormatException>(() => Walk.AllTypes(AllTypes.ReadRoot(MessageReader.Read(frame))));
        Assert.Contains("nesting limit", error.Message, StringComparison.Ordinal);

        long sum = Walk.AllTypes(AllTypes.ReadRoot(MessageReader.Read(frame, new ReaderOptions { NestingLimit = 200 })));
        Assert.Equal(42, sum);
    }

    [Fact]
    public void A_segment_table_announcing_four_billion_segments_is_rejected()
    {
        byte[] frame = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, uint.MaxValue);

        var error = Assert.Throws<CapnpFormatException>(() => MessageReader.Read(frame));
        Assert.Contains("4294967296 segments; at most 512", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_segment_table_announcing_more_words_than_the_buffer_holds_is_rejected_as_truncated()
    {
        byte[] frame = Of([Struct(0, 1, 0), 7]);

        var error = Assert.Throws<CapnpFormatException>(() => MessageReader.Read(frame.AsMemory(0, frame.Length - 1)));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(7)]
    public void A_buffer_too_short_for_the_segment_table_is_rejected(int length)
    {
        Assert.Throws<CapnpFormatException>(() => MessageReader.Read(new byte[length]));
    }

    [Fact]
    public void Text_without_its_nul_terminator_is_rejected()
    {
        // Trade: 6 data words, 2 pointers; ticker is pointer 0 -> 3 bytes "abc" with no NUL.
        ulong[] words = [Struct(0, 6, 2), 0, 0, 0, 0, 0, 0, List(1, 2, 3), 0, 0x636261];

        var error = Assert.Throws<CapnpFormatException>(() => Trade.ReadRoot(MessageReader.Read(Of(words))).Ticker);
        Assert.Contains("not NUL-terminated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_where_a_struct_is_expected_is_rejected_with_both_kinds_named()
    {
        byte[] frame = Of([List(0, 2, 8), 0]);

        var error = Assert.Throws<CapnpFormatException>(() => MessageReader.Read(frame).GetRoot());
        Assert.Contains("Expected a struct pointer, found a list pointer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_capability_pointer_is_rejected()
    {
        byte[] frame = Of([3UL]);

        var error = Assert.Throws<CapnpFormatException>(() => MessageReader.Read(frame).GetRoot());
        Assert.Contains("capabilities are not supported", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-5)] // before the start of the segment
    [InlineData(int.MaxValue >> 2)] // far past its end
    public void A_struct_pointer_outside_its_segment_is_rejected(int offset)
    {
        byte[] frame = Of([Struct(offset, 1, 0), 0]);

        var error = Assert.Throws<CapnpFormatException>(() => MessageReader.Read(frame).GetRoot());
        Assert.Contains("outside segment 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_composite_list_whose_tag_claims_more_words_than_its_pointer_is_rejected()
    {
        // Pointer says 2 words, tag says 3 elements of 1 word.
        byte[] frame = Of([Struct(0, 0, 1), List(0, 7, 2), Struct(3, 1, 0), 0, 0]);

        var error = Assert.Throws<CapnpFormatException>(() => message(frame).GetRoot().ReadStructList<Level.Reader>(0));
        Assert.Contains("needs 3 words; its pointer gives 2", error.Message, StringComparison.Ordinal);

        static MessageReader message(byte[] frame) => MessageReader.Read(frame);
    }
}
