using NATS.Client.Core;
using NATS.Client.JetStream;
using Ssmd.Capnp;
using Ssmd.Normalized;
using Ssmd.Streams;

namespace Ssmd.Connector.Tests.Infrastructure;

/// <summary>Reads a whole stream back (an ordered consumer from the first message) the way a user of ssmd would.</summary>
internal static class JetStreamReader
{
    public sealed record RawMessage(string Subject, byte[] Data, NatsHeaders? Headers, ulong Sequence);

    /// <summary>
    /// Every message of <paramref name="stream"/> whose subject starts with <paramref name="subjectPrefix"/>, in
    /// stream order: the whole stream through an ephemeral pull consumer from the first message, filtered here
    /// (nats-server 2.9 refuses some filtered consumer creates from this client). Fails unless every stored
    /// message was read once, so a short read can never pass for a lost message.
    /// </summary>
    public static async Task<List<RawMessage>> ReadAllAsync(INatsJSContext js, string stream, string subjectPrefix, CancellationToken ct)
    {
        var info = await js.GetStreamAsync(stream, cancellationToken: ct);
        var last = info.Info.State.LastSeq;
        var stored = info.Info.State.Messages;
        var messages = new List<RawMessage>();
        if (stored == 0)
            return messages;
        var consumer = await js.CreateOrUpdateConsumerAsync(stream, new NATS.Client.JetStream.Models.ConsumerConfig
        {
            AckPolicy = NATS.Client.JetStream.Models.ConsumerConfigAckPolicy.None,
            DeliverPolicy = NATS.Client.JetStream.Models.ConsumerConfigDeliverPolicy.All,
            InactiveThreshold = TimeSpan.FromMinutes(2),
        }, ct);
        ulong read = 0, previous = 0;
        while (previous < last)
        {
            await foreach (var msg in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 5_000, Expires = TimeSpan.FromSeconds(5) }, cancellationToken: ct))
            {
                var seq = msg.Metadata!.Value.Sequence.Stream;
                if (seq <= previous)
                    throw new InvalidOperationException($"{stream}: sequence {seq} read after {previous}");
                previous = seq;
                read++;
                if (msg.Subject.StartsWith(subjectPrefix, StringComparison.Ordinal))
                    messages.Add(new RawMessage(msg.Subject, msg.Data ?? [], msg.Headers, seq));
                if (seq >= last)
                    break;
            }
        }

        await js.DeleteConsumerAsync(stream, consumer.Info.Name, ct);
        if (read != (ulong)stored)
            throw new InvalidOperationException($"{stream}: read {read} messages up to sequence {last}, the stream holds {stored}");
        return messages;
    }

    /// <summary>
    /// The raw frames missing from a stream, from their message ids ({run}:{connection}:{generation}:{frame}, frames
    /// numbered from 1 on each connection): the holes in each connection's numbering, and the stream position
    /// where each hole sits. For failure messages.
    /// </summary>
    public static string MissingFrames(IEnumerable<RawMessage> raw)
    {
        var holes = Holes(raw);
        return holes.Count == 0 ? "no hole in any connection's numbering" : string.Join("; ", holes.Take(20));
    }

    /// <summary>The holes in each connection's frame numbering (see <see cref="MissingFrames"/>).</summary>
    public static List<string> Holes(IEnumerable<RawMessage> raw)
    {
        var holes = new List<string>();
        foreach (var connection in raw.Select(m => (Id: m.Headers![SsmdHeaders.MessageId].ToString(), m.Sequence))
            .Where(m => m.Id.Count(c => c == ':') == 3)
            .GroupBy(m => m.Id[..m.Id.LastIndexOf(':')]))
        {
            var previous = 0L;
            ulong previousSequence = 0;
            foreach (var (id, sequence) in connection.OrderBy(m => long.Parse(m.Id[(m.Id.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture)))
            {
                var frame = long.Parse(id[(id.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                if (frame != previous + 1)
                    holes.Add($"{connection.Key} frames {previous + 1}..{frame - 1} (between stream sequences {previousSequence} and {sequence})");
                previous = frame;
                previousSequence = sequence;
            }
        }

        return holes;
    }

    /// <summary>
    /// Reads the raw stream once every frame the simulator had sent is acknowledged, and checks it holds each
    /// exactly once: no id twice, no hole in any connection's numbering, and a count between the frames sent
    /// before the read and after it (the connector's liveness probes keep a few replies coming meanwhile).
    /// </summary>
    public static async Task<List<RawMessage>> ReadEveryFrameOnceAsync(INatsJSContext js, SimHost sim, ConnectorHost connector, CancellationToken ct)
    {
        var sentBefore = sim.FramesSent;
        await ConnectorHost.Until(() => connector.Stats.RawPublished >= sentBefore, TimeSpan.FromSeconds(60), "every sent frame acknowledged");
        var raw = await ReadAllAsync(js, "KALSHI_RAW", "kalshi.raw.", ct);
        var sentAfter = sim.FramesSent;
        var stats = connector.Stats;
        var detail = $"{sentBefore}..{sentAfter} frames sent, {stats.Received.Values.Sum()} received, {stats.RawPublished} published, {stats.IdCollisions} id collisions, {raw.Count} stored; {MissingFrames(raw)}";
        Xunit.Assert.True(raw.Count >= sentBefore && raw.Count <= sentAfter, detail);
        Xunit.Assert.True(Holes(raw).Count == 0, detail);
        Xunit.Assert.Equal(raw.Count, raw.Select(m => m.Headers![SsmdHeaders.MessageId].ToString()).Distinct().Count());
        return raw;
    }

    /// <summary>Folds <c>kalshi.orderbook.*</c> into books: a snapshot replaces, a delta adds; newSize must agree.</summary>
    public static Dictionary<string, FoldedBook> FoldBooks(IEnumerable<RawMessage> messages, List<string> problems)
    {
        var books = new Dictionary<string, FoldedBook>(StringComparer.Ordinal);
        var reader = new MessageReader();
        foreach (var message in messages)
        {
            if (!SsmdSubjects.TryParseNormalized(message.Subject, out _, out var kind, out var ticker) || kind != NormalizedKind.Orderbook)
                continue;
            reader.Load(message.Data);
            var update = OrderBookUpdate.ReadRoot(reader);
            if (update.Which == OrderBookUpdate.Which.Snapshot)
            {
                var s = update.Snapshot;
                var book = new FoldedBook();
                foreach (var level in s.Bids)
                    book.Bids[level.Price] = level.Size;
                foreach (var level in s.Asks)
                    book.Asks[level.Price] = level.Size;
                books[ticker] = book;
            }
            else
            {
                var d = update.Delta;
                if (!books.TryGetValue(ticker, out var book))
                {
                    problems.Add($"{ticker}: delta before any snapshot (seq {d.Sequence})");
                    continue;
                }

                var side = d.Side == BookSide.Bid ? book.Bids : book.Asks;
                var updated = side.GetValueOrDefault(d.Price) + d.Delta;
                if (updated != d.NewSize)
                    problems.Add($"{ticker}: delta at {d.Price} gives {updated}, message says {d.NewSize}");
                if (updated == 0)
                    side.Remove(d.Price);
                else
                    side[d.Price] = updated;
            }
        }

        return books;
    }
}
