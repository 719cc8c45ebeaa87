using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Ssmd.Kalshi.Messages;

namespace Ssmd.KalshiSim.Tests;

public sealed class SimFaultTests
{
    /// <summary>Subscribes to 20 markets' books and all trades, switches the faults on, runs the exchange and collects frames.</summary>
    private static async Task<(List<byte[]> Frames, List<long> GapsMs, bool Closed)> CollectAsync(object faults, int frames, CancellationToken ct)
    {
        await using var sim = await SimServer.StartAsync();
        var tickers = sim.Engine.Exchange.Markets.Where(m => m.IsTradable).Take(20).Select(m => m.Ticker).ToArray();
        using var client = await sim.ConnectAsync(ct: ct);
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["orderbook_delta"], tickers, useYesPrice: false), ct);
        await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["trade"], null), ct);
        (await sim.Http.PutAsJsonAsync("/admin/faults", faults, ct)).EnsureSuccessStatusCode();
        (await sim.Http.PutAsJsonAsync("/admin/load", new { paused = false, eventsPerSecond = 20_000 }, ct)).EnsureSuccessStatusCode();
        var collected = new List<byte[]>();
        var gaps = new List<long>();
        var clock = Stopwatch.StartNew();
        var closed = false;
        try
        {
            while (collected.Count < frames)
            {
                // A quiet stream ends the collection (after error 25 ends every subscription, nothing more comes).
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                idle.CancelAfter(TimeSpan.FromSeconds(2));
                byte[]? frame;
                try
                {
                    frame = await client.ReceiveRawAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    break;
                }

                if (frame is null)
                {
                    closed = true;
                    break;
                }

                gaps.Add(clock.ElapsedMilliseconds);
                clock.Restart();
                collected.Add(frame);
            }
        }
        catch (WebSocketException)
        {
            closed = true;
        }

        return (collected, gaps, closed);
    }

    private static IEnumerable<KalshiFrame> Parsed(IEnumerable<byte[]> frames)
    {
        foreach (var f in frames)
        {
            KalshiFrame? frame = null;
            try
            {
                frame = KalshiFrameReader.Read(f);
            }
            catch (KalshiProtocolException)
            {
                // Counted by the malformed-JSON test; the others skip such frames.
            }

            if (frame is not null)
            {
                yield return frame;
            }
        }
    }

    private static int SeqGaps(IEnumerable<KalshiFrame> frames)
    {
        var last = new Dictionary<long, long>();
        var gaps = 0;
        foreach (var f in frames)
        {
            if (f.Seq is { } seq && f.Sid is { } sid)
            {
                if (last.TryGetValue(sid, out var previous) && seq != previous + 1)
                {
                    gaps++;
                }

                last[sid] = seq;
            }
        }

        return gaps;
    }

    private static int Duplicates(List<byte[]> frames) =>
        frames.Zip(frames.Skip(1)).Count(p => p.First.AsSpan().SequenceEqual(p.Second));

    [Fact(Timeout = 60_000)]
    public async Task With_every_fault_off_no_fault_ever_shows()
    {
        var ct = TestContext.Current.CancellationToken;
        var (frames, _, closed) = await CollectAsync(new { }, 5_000, ct);
        Assert.False(closed);
        var parsed = Parsed(frames).ToList();
        Assert.Equal(frames.Count, parsed.Count);
        Assert.Equal(0, SeqGaps(parsed));
        Assert.Equal(0, Duplicates(frames));
        Assert.DoesNotContain(parsed, f => f.Type == KalshiMessageType.Unknown || f.UnknownFields > 0 || f.Type == KalshiMessageType.Error);
        Assert.DoesNotContain(parsed, f => f.Message is KalshiOrderbookDelta { Legacy: true } or KalshiTrade { Legacy: true });
    }

    [Fact(Timeout = 60_000)]
    public async Task Dropped_connections_close_the_socket()
    {
        var (frames, _, closed) = await CollectAsync(new { dropConnection = 0.01 }, 10_000, TestContext.Current.CancellationToken);
        Assert.True(closed, $"still open after {frames.Count} frames");
    }

    [Fact(Timeout = 60_000)]
    public async Task Sequence_gaps_skip_seq_numbers()
    {
        var (frames, _, _) = await CollectAsync(new { sequenceGap = 0.05 }, 2_000, TestContext.Current.CancellationToken);
        Assert.True(SeqGaps(Parsed(frames)) > 10);
    }

    [Fact(Timeout = 60_000)]
    public async Task Duplicated_frames_arrive_twice_byte_for_byte()
    {
        var (frames, _, _) = await CollectAsync(new { duplicateFrame = 0.05 }, 2_000, TestContext.Current.CancellationToken);
        Assert.True(Duplicates(frames) > 10);
    }

    [Fact(Timeout = 60_000)]
    public async Task Malformed_json_frames_fail_to_parse()
    {
        var (frames, _, _) = await CollectAsync(new { malformedJson = 0.05 }, 2_000, TestContext.Current.CancellationToken);
        Assert.True(frames.Count - Parsed(frames).Count() > 10);
    }

    [Fact(Timeout = 60_000)]
    public async Task Unknown_message_types_and_unknown_fields_appear()
    {
        var (frames, _, _) = await CollectAsync(new { unknownMessageType = 0.05, unknownField = 0.05 }, 2_000, TestContext.Current.CancellationToken);
        var parsed = Parsed(frames).ToList();
        Assert.Contains(parsed, f => f.Type == KalshiMessageType.Unknown);
        Assert.Contains(parsed, f => f.UnknownFields > 0 && f.Type != KalshiMessageType.Unknown);
    }

    [Fact(Timeout = 60_000)]
    public async Task Legacy_shapes_carry_integer_cents_and_counts()
    {
        var (frames, _, _) = await CollectAsync(new { legacyShapes = 0.5 }, 2_000, TestContext.Current.CancellationToken);
        var parsed = Parsed(frames).ToList();
        Assert.Contains(parsed, f => f.Message is KalshiOrderbookDelta { Legacy: true });
        Assert.Contains(parsed, f => f.Message is KalshiTrade { Legacy: true });
    }

    [Fact(Timeout = 60_000)]
    public async Task Buffer_overflow_ends_the_subscription_with_error_25()
    {
        var (frames, _, _) = await CollectAsync(new { bufferOverflow = 0.01 }, 3_000, TestContext.Current.CancellationToken);
        var parsed = Parsed(frames).ToList();
        var overflow = parsed.FindIndex(f => f.Message is KalshiError { Code: 25 });
        Assert.True(overflow >= 0, "no error 25");
        var sid = parsed[overflow].Sid;
        Assert.NotNull(sid);
        Assert.DoesNotContain(parsed.Skip(overflow + 1), f => f.Sid == sid && f.Type != KalshiMessageType.Error);
    }

    [Fact(Timeout = 60_000)]
    public async Task Stalls_stop_the_stream_for_the_configured_time()
    {
        var (_, gaps, _) = await CollectAsync(new { stall = 0.02, stallMilliseconds = 300 }, 300, TestContext.Current.CancellationToken);
        Assert.Contains(gaps, g => g >= 250);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_fault_chance_outside_zero_to_one_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync();
        using var response = await sim.Http.PutAsJsonAsync("/admin/faults", new { sequenceGap = 2.0 }, ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("SequenceGap", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
