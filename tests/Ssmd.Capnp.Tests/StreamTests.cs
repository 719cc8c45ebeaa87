using System.Buffers;
using Ssmd.Capnp.Tests.Models;
using Ssmd.Normalized;
using ZstdSharp;

namespace Ssmd.Capnp.Tests;

/// <summary>Sequences of framed messages in a stream, as the normalized archive stores them (zstd-compressed).</summary>
public sealed class StreamTests
{
    [Fact(Timeout = 120_000)]
    public async Task A_zstd_compressed_archive_of_a_thousand_messages_reads_back_in_order()
    {
        var values = new Values(11);
        var trades = Enumerable.Range(0, 1000).Select(_ => TradeModel.Random(values)).ToArray();
        using var file = new MemoryStream();
        await using (var zstd = new CompressionStream(file, level: 3, leaveOpen: true))
        {
            var writer = new CapnpStreamWriter(zstd);
            var builder = new MessageBuilder(firstSegmentWords: 16);
            foreach (TradeModel trade in trades)
            {
                builder.Reset();
                trade.Build(Trade.InitRoot(builder));
                await writer.WriteAsync(builder, TestContext.Current.CancellationToken);
            }

            Assert.Equal(1000, writer.MessagesWritten);
        }

        file.Position = 0;
        await using var unzstd = new DecompressionStream(file);
        var reader = new CapnpStreamReader(unzstd);
        foreach (TradeModel trade in trades)
        {
            Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
            Assert.Equal(trade.ToText(), TradeModel.From(Trade.ReadRoot(reader.Message)).ToText());
        }

        Assert.False(await reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1000, reader.MessagesRead);
    }

    [Theory(Timeout = 120_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_that_delivers_a_few_bytes_at_a_time_yields_the_same_messages(bool useAsync)
    {
        var values = new Values(12);
        var books = new[] { SnapshotModel.Random(values), SnapshotModel.Random(values, 20_000), SnapshotModel.Random(values) };
        using var file = new MemoryStream();
        var writer = new CapnpStreamWriter(file);
        var builder = new MessageBuilder(firstSegmentWords: 256);
        foreach (SnapshotModel book in books)
        {
            builder.Reset();
            book.Build(OrderBookSnapshot.InitRoot(builder));
            writer.Write(builder);
        }

        var reader = new CapnpStreamReader(new TrickleStream(file.ToArray(), 7));
        foreach (SnapshotModel book in books)
        {
            Assert.True(useAsync ? await reader.ReadAsync(TestContext.Current.CancellationToken) : reader.Read());
            Assert.Equal(book.ToText(), SnapshotModel.From(OrderBookSnapshot.ReadRoot(reader.Message)).ToText());
        }

        Assert.False(useAsync ? await reader.ReadAsync(TestContext.Current.CancellationToken) : reader.Read());
    }

    [Fact]
    public void A_stream_that_ends_inside_a_message_raises_the_format_exception_naming_the_message()
    {
        var builder = new MessageBuilder();
        Trade.InitRoot(builder).SetTicker("KX");
        using var stream = new MemoryStream();
        var writer = new CapnpStreamWriter(stream);
        writer.Write(builder);
        writer.Write(builder);
        byte[] bytes = stream.ToArray();

        var reader = new CapnpStreamReader(new MemoryStream(bytes, 0, bytes.Length - 5));
        Assert.True(reader.Read());
        var error = Assert.Throws<CapnpFormatException>(() => reader.Read());
        Assert.Contains("Stream ends inside message 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_announcing_a_message_beyond_the_traversal_limit_is_refused_before_buffering_it()
    {
        byte[] header = [0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00]; // one segment of 2^20 words
        var reader = new CapnpStreamReader(new MemoryStream(header), new ReaderOptions { TraversalLimitInWords = 1024 });

        var error = Assert.Throws<CapnpFormatException>(() => reader.Read());
        Assert.Contains("more than the traversal limit of 1024 words", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_announcing_a_big_message_but_ending_early_allocates_in_proportion_to_what_arrived()
    {
        // One segment of 2^22 words (32 MiB, within the default limit), then only 100 bytes.
        byte[] bytes = new byte[108];
        bytes[6] = 0x40;
        var reader = new CapnpStreamReader(new MemoryStream(bytes));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CapnpFormatException>(() => reader.Read());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("expected 33554440 bytes, got 108", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"Reading 108 bytes allocated {allocated} bytes.");
    }

    [Fact]
    public void Frames_received_as_bytes_are_appended_unchanged_and_bad_framing_is_refused()
    {
        var builder = new MessageBuilder();
        Level.Builder level = Level.InitRoot(builder);
        level.Price = 4575;
        level.Size = 1250;
        byte[] frame = builder.ToArray();
        using var stream = new MemoryStream();
        var writer = new CapnpStreamWriter(stream);

        writer.Write(frame);

        Assert.Equal(frame, stream.ToArray());
        Assert.Throws<CapnpFormatException>(() => writer.Write(frame.AsSpan(0, frame.Length - 8)));
    }

    [Theory]
    [InlineData(1024, 13)] // split inside the first segment
    [InlineData(1, 5)] // multi-segment, split inside the segment table
    public void A_message_split_across_the_segments_of_a_sequence_reads_the_same_as_a_contiguous_one(int firstSegmentWords, int split)
    {
        var builder = new MessageBuilder(firstSegmentWords);
        new SnapshotModel("KX", 1, 2, 3, [new(1, 2), new(3, 4)], [new(5, 6)], "m").Build(OrderBookSnapshot.InitRoot(builder));
        byte[] frame = builder.ToArray();
        var first = new Chunk(frame.AsMemory(0, split));
        Chunk last = first.Append(frame.AsMemory(split));
        var sequence = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        var reader = new MessageReader();
        Assert.Equal(frame.Length, reader.Load(sequence));

        Assert.Equal(
            SnapshotModel.From(OrderBookSnapshot.ReadRoot(MessageReader.Read(frame))).ToText(),
            SnapshotModel.From(OrderBookSnapshot.ReadRoot(reader)).ToText());
    }

    /// <summary>Returns at most a few bytes per read, like a slow socket.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Chunk Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Chunk(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
