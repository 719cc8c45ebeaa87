using System.Buffers.Binary;
using System.Diagnostics;
using Ssmd.Capnp.Tests.Models;
using Ssmd.Capnp.Tests.Schema;
using Ssmd.Capnp.Tests.Support;
using Ssmd.Normalized;

namespace Ssmd.Capnp.Tests;

/// <summary>
/// A seeded fuzzer: one million mutated and truncated copies of valid messages (every normalized
/// type and the all-features test struct, single- and multi-segment) are read field by field, and
/// twenty thousand mutated streams of several messages through <see cref="CapnpStreamReader"/>. The
/// only exception allowed is <see cref="CapnpFormatException"/>, and no read allocates more than a
/// small multiple of the message's size (successful reads allocate nothing). A runtime one-off or two in
/// a run (a JIT tier-up, the first throw of a rare exception) may break either bound once; a read path
/// that allocates breaks it on every read of its shape, thousands of times.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class FuzzTests
{
    private const int Iterations = 1_000_000;
    private const int Seed = 20260311;

    [Fact]
    public void A_million_mutated_and_truncated_messages_raise_only_the_documented_exception_and_allocate_within_bounds()
    {
        (byte[] Frame, Func<MessageReader, long> Walk)[] seeds = Seeds();
        var random = new Random(Seed);
        var reader = new MessageReader();
        byte[] scratch = new byte[seeds.Max(s => s.Frame.Length)];
        int failures = 0;
        long allocatedBySuccesses = 0;
        int allocatingSuccesses = 0;
        int successes = 0;
        var overBudget = new List<string>();
        long checksum = 0;

        // Warm up once so one-time growth is not counted against a message: the reader's segment
        // table grows to the largest count it has seen (at most ReaderOptions.MaxSegments).
        foreach (var seed in seeds)
        {
            reader.Load(seed.Frame);
            checksum += seed.Walk(reader);
        }

        reader.Load(Frames.Of([.. Enumerable.Range(0, ReaderOptions.DefaultMaxSegments).Select(i => i == 0 ? new ulong[1] : Array.Empty<ulong>())]));

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Iterations; i++)
        {
            var (frame, walk) = seeds[random.Next(seeds.Length)];
            int length = Mutate(random, frame, scratch);
            ReadOnlyMemory<byte> input = scratch.AsMemory(0, length);

            int collections = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            bool failed = false;
            try
            {
                reader.Load(input);
                checksum += walk(reader);
            }
            catch (CapnpFormatException)
            {
                failed = true;
                failures++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Iteration {i} (seed {Seed}) threw {e.GetType().Name}, not CapnpFormatException: {e}");
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (GC.CollectionCount(0) != collections)
            {
                // A collection (other tests allocate on other threads) resets this thread's
                // allocation context and can shift the counter by its unused tail: not a measurement.
                continue;
            }

            if (failed)
            {
                // The exception, its message and stack trace: a fixed amount (at most 1,352 bytes beyond
                // 4 x the length in a run of 2026-12-06), never in proportion to what the message claims.
                long excess = allocated - (4 * 1024 + (4L * length));
                if (excess > 0)
                    overBudget.Add($"iteration {i}: a failing read of {length} bytes allocated {excess} bytes beyond 4 KiB + 4 x its size");
            }
            else
            {
                successes++;
                allocatedBySuccesses += allocated;
                if (allocated > 0)
                {
                    allocatingSuccesses++;
                    overBudget.Add($"iteration {i}: a successful read allocated {allocated} bytes");
                }
            }
        }

        // The runtime itself may allocate on this thread once or twice in a run, which is not the reader's
        // doing: 5,856 bytes in one successful read and 4,248 bytes beyond the bound in one failing read,
        // each once in a CI run on a loaded machine.
        Assert.True(overBudget.Count <= 2,
            $"{overBudget.Count} reads broke their allocation bound ({allocatingSuccesses} of {successes} successful reads allocated, "
            + $"{allocatedBySuccesses} bytes in all); the first: {string.Join("; ", overBudget.Take(5))}.");

        // Both outcomes must be common, or the mutations are too weak or too strong to mean anything.
        Assert.InRange(failures, Iterations / 10, Iterations * 9 / 10);
        Assert.NotEqual(0, checksum);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"The fuzzer took {clock.Elapsed}.");
    }

    [Fact(Timeout = 120_000)]
    public async Task Mutated_and_truncated_streams_of_messages_raise_only_the_documented_exception_and_allocate_within_bounds()
    {
        (byte[] Frame, Func<MessageReader, long> Walk)[] seeds = Seeds();
        var random = new Random(Seed + 1);
        byte[] scratch = new byte[4 * seeds.Max(s => s.Frame.Length)];
        int failures = 0;
        var overBudget = new List<string>();
        long checksum = 0;
        for (int i = 0; i < 20_000; i++)
        {
            // Two to four messages back to back, then one mutation anywhere in the stream (a
            // truncation, random bytes, a pointer, or a segment table) — the framing is what is hit.
            var (frames, walks) = (new List<byte[]>(), new List<Func<MessageReader, long>>());
            for (int n = random.Next(2, 5); n > 0; n--)
            {
                var (frame, walk) = seeds[random.Next(seeds.Length)];
                frames.Add(frame);
                walks.Add(walk);
            }

            byte[] stream = [.. frames.SelectMany(f => f)];
            int length = Mutate(random, stream, scratch);
            bool useAsync = i % 4 == 0;

            int collections = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var reader = new CapnpStreamReader(new MemoryStream(scratch, 0, length, writable: false));
                // A MemoryStream completes every read at once, so the awaits stay on this thread.
                for (int m = 0; useAsync ? await reader.ReadAsync(TestContext.Current.CancellationToken) : reader.Read(); m++)
                {
                    checksum += walks[Math.Min(m, walks.Count - 1)](reader.Message);
                }
            }
            catch (CapnpFormatException)
            {
                failures++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Stream {i} (seed {Seed + 1}) threw {e.GetType().Name}, not CapnpFormatException: {e}");
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (GC.CollectionCount(0) == collections)
            {
                // The reader, its first 4 KiB buffer and message table, the exception; the buffer
                // grows only as bytes arrive, whatever a corrupted segment table announces.
                long excess = allocated - (16 * 1024 + (4L * length));
                if (excess > 0)
                    overBudget.Add($"stream {i}: {excess} bytes beyond 16 KiB + 4 x its {length} bytes");
            }
        }

        // As above: a runtime one-off or two in a run, never a read path that allocates on every stream of its shape.
        Assert.True(overBudget.Count <= 2, $"{overBudget.Count} streams broke their allocation bound; the first: {string.Join("; ", overBudget.Take(5))}.");
        Assert.InRange(failures, 20_000 / 10, 20_000 * 9 / 10);
        Assert.NotEqual(0, checksum);
    }

    private static int Mutate(Random random, byte[] frame, byte[] scratch)
    {
        frame.CopyTo(scratch, 0);
        int length = frame.Length;
        switch (random.Next(10))
        {
            case 0 or 1 or 2:
                // Truncated anywhere.
                return random.Next(length);
            case 3 or 4 or 5 or 6:
                // A few random bytes.
                for (int n = random.Next(1, 5); n > 0; n--)
                {
                    scratch[random.Next(length)] = (byte)random.Next(256);
                }

                return length;
            case 7 or 8:
                // A plausible-looking pointer in a random word: the nastiest kind of corruption.
                int word = random.Next(length / 8) * 8;
                uint kind = (uint)random.Next(4);
                uint offset = (uint)(random.Next(-64, 64) << 2);
                ulong pointer = kind | offset | ((ulong)(uint)random.Next(8) << 32) | ((ulong)(uint)random.Next(1 << 29) << 35);
                if (random.Next(3) == 0)
                {
                    pointer = (pointer & 0xFFFFFFFFUL) | ((ulong)(uint)random.Next(4) << 32) | ((ulong)(uint)random.Next(8) << 48);
                }

                BinaryPrimitives.WriteUInt64LittleEndian(scratch.AsSpan(word), pointer);
                return length;
            default:
                // A corrupted segment table entry.
                int entry = random.Next(Math.Min(length / 4, 4)) * 4;
                BinaryPrimitives.WriteUInt32LittleEndian(scratch.AsSpan(entry), (uint)random.Next(-2, 64));
                return length;
        }
    }

    private static (byte[], Func<MessageReader, long>)[] Seeds()
    {
        var values = new Values(Seed);
        var seeds = new List<(byte[], Func<MessageReader, long>)>();
        foreach (int firstSegmentWords in new[] { 1024, 3 })
        {
            for (int i = 0; i < 4; i++)
            {
                var builder = new MessageBuilder(firstSegmentWords);
                TradeModel.Random(values).Build(Trade.InitRoot(builder));
                seeds.Add((builder.ToArray(), r => Walk.Trade(Trade.ReadRoot(r))));

                builder = new MessageBuilder(firstSegmentWords);
                SnapshotModel.Random(values, 10).Build(OrderBookSnapshot.InitRoot(builder));
                seeds.Add((builder.ToArray(), r => Walk.Snapshot(OrderBookSnapshot.ReadRoot(r))));

                builder = new MessageBuilder(firstSegmentWords);
                UpdateModel.Random(values).Build(OrderBookUpdate.InitRoot(builder));
                seeds.Add((builder.ToArray(), r => Walk.Update(OrderBookUpdate.ReadRoot(r))));

                builder = new MessageBuilder(firstSegmentWords);
                StatusModel.Random(values).Build(MarketStatus.InitRoot(builder));
                seeds.Add((builder.ToArray(), r => Walk.Status(MarketStatus.ReadRoot(r))));
            }

            var all = new MessageBuilder(firstSegmentWords);
            BuildAllTypes(AllTypes.InitRoot(all), depth: 3);
            seeds.Add((all.ToArray(), r => Walk.AllTypes(AllTypes.ReadRoot(r))));
        }

        return [.. seeds];
    }

    private static void BuildAllTypes(AllTypes.Builder b, int depth)
    {
        b.BoolField = true;
        b.Int32Field = depth;
        b.Int64Field = -depth;
        b.Float64Field = 0.5;
        b.SetTextField("txt😀");
        b.SetDataField([1, 2, 3]);
        b.EnumField = Color.Green;
        b.InitBoolList(10)[3] = true;
        b.InitInt16List(3)[1] = 7;
        b.InitUInt64List(2)[0] = 9;
        b.InitFloat32List(2)[1] = 1.5f;
        PointerListBuilder texts = b.InitTextList(2);
        texts.SetText(0, "a");
        texts.SetText(1, "bc");
        b.InitDataList(1).SetData(0, [4, 5]);
        b.InitEnumList(2)[1] = Color.Blue;
        if (depth > 0)
        {
            BuildAllTypes(b.InitStructField(), depth - 1);
            StructListBuilder<AllTypes.Builder> list = b.InitStructList(2);
            BuildAllTypes(list[0], depth - 1);
        }
    }
}
