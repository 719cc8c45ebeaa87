using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ssmd.Kalshi;
using Ssmd.Kalshi.Messages;

namespace Ssmd.KalshiSim.Tests;

public sealed class SimReplayTests
{
    /// <summary>Writes the first frames of a real gold window as an ssmd raw archive; returns the path and the frames.</summary>
    private static (string Path, List<(string Type, byte[] Data)> Frames) WriteArchive(int count)
    {
        var gold = Directory.GetFiles(FindShared("captures/gold15m/events"), "*.ndjson.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var frames = new List<(string, byte[])>();
        var path = Path.Combine(Path.GetTempPath(), $"ssmd-replay-{Guid.NewGuid():N}.jsonl.zst");
        using (var file = File.Create(path))
        using (var zstd = new ZstdSharp.CompressionStream(file))
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(gold), CompressionMode.Decompress)))
        {
            while (frames.Count < count && reader.ReadLine() is { } line)
            {
                using var doc = JsonDocument.Parse(line);
                var data = doc.RootElement.GetProperty("event").GetRawText();
                var type = doc.RootElement.GetProperty("event").GetProperty("type").GetString()!;
                var archived = $"{{\"ts\":{doc.RootElement.GetProperty("recv_ms").GetInt64()},\"type\":\"{type}\",\"data\":{data}}}\n";
                zstd.Write(Encoding.UTF8.GetBytes(archived));
                frames.Add((type, Encoding.UTF8.GetBytes(data)));
            }
        }

        return (path, frames);
    }

    private static string FindShared(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "kalshi", relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(relative);
    }

    private static byte[] Msg(byte[] frame)
    {
        var reader = new Utf8JsonReader(frame);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMsg = reader.ValueTextEquals("msg"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isMsg)
            {
                return frame[start..(int)reader.BytesConsumed];
            }
        }

        return [];
    }

    [Fact(Timeout = 60_000)]
    public async Task A_recorded_archive_is_served_over_the_protocol_with_its_own_seq_and_the_recorded_bytes()
    {
        var ct = TestContext.Current.CancellationToken;
        var (path, recorded) = WriteArchive(3_000);
        try
        {
            await using var sim = await SimServer.StartAsync(new() { ["Replay:Path"] = path, ["Replay:Speed"] = "0" });
            var ticker = KalshiFrameReader.Read(recorded.First(f => f.Type == "orderbook_delta").Data).Message is KalshiOrderbookDelta d ? d.MarketTicker : "";
            using var client = await sim.ConnectAsync(ct: ct);
            await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["orderbook_delta"], [ticker], useYesPrice: false), ct);
            await client.SendAsync((b, id) => KalshiCommandWriter.WriteSubscribe(b, id, ["trade"], null), ct);

            // Both subscriptions are in place before the tape plays (what comes meanwhile is kept).
            var received = new List<byte[]>();
            for (var subscribed = 0; subscribed < 2;)
            {
                var raw = await client.ReceiveRawAsync(ct) ?? throw new InvalidOperationException("closed");
                subscribed += KalshiFrameReader.Read(raw).Type == KalshiMessageType.Subscribed ? 1 : 0;
                received.Add(raw);
            }

            (await sim.Http.PutAsJsonAsync("/admin/load", new { paused = false }, ct)).EnsureSuccessStatusCode();
            while (sim.Engine.Replay is { Ended: false })
            {
                await Task.Delay(20, ct);
            }

            await client.SendAsync(KalshiCommandWriter.WriteListSubscriptions, ct);
            while (await client.ReceiveRawAsync(ct) is { } raw)
            {
                if (KalshiFrameReader.Read(raw).Message is KalshiOk { Subscriptions: not null })
                {
                    break;
                }

                received.Add(raw);
            }

            var parsed = received.Select(r => KalshiFrameReader.Read(r)).ToList();

            // Deltas and trades come through byte for byte, renumbered by the simulator per sid.
            var expected = recorded.Where(f => f.Type is "orderbook_delta" or "trade").Select(f => Msg(f.Data)).ToList();
            var got = received.Where((r, i) => parsed[i].Type is KalshiMessageType.OrderbookDelta or KalshiMessageType.Trade).Select(Msg).ToList();
            Assert.Equal(expected.Count, got.Count);
            Assert.True(expected.Zip(got).All(p => p.First.AsSpan().SequenceEqual(p.Second)));
            foreach (var sid in parsed.Where(f => f.Seq is not null).GroupBy(f => f.Sid))
            {
                Assert.Equal(Enumerable.Range(1, sid.Count()).Select(i => (long)i), sid.Select(f => f.Seq!.Value));
            }

            // The client's rebuilt book matches the replayed exchange's.
            var book = new KalshiBook();
            foreach (var f in parsed)
            {
                switch (f.Message)
                {
                    case KalshiOrderbookSnapshot s:
                        book.Replace(s.Yes, s.No);
                        break;
                    case KalshiOrderbookDelta delta:
                        book.Apply(delta.Side, delta.Price, delta.Delta);
                        break;
                }
            }

            lock (sim.Engine.Exchange.Sync)
            {
                Assert.True(sim.Engine.Exchange.Find(ticker)!.Book.SameLevelsAs(book));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
