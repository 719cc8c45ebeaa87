using NATS.Client.JetStream;
using Ssmd.Archiver.Flushing;

namespace Ssmd.Archiver.Tests.Infrastructure;

/// <summary>Waits until the archiver's consumers have everything acknowledged, then flushes until nothing is pending.</summary>
internal static class Completion
{
    public static async Task FlushAllAsync(ArchiveFlusher flusher, INatsJSContext jetStream, IEnumerable<(string Stream, string Consumer)> consumers, CancellationToken cancellationToken)
    {
        foreach (var (stream, consumer) in consumers)
            await WaitAckedAsync(jetStream, stream, consumer, cancellationToken);
        for (var i = 0; i < 100 && flusher.Pending > 0; i++)
        {
            await flusher.FlushAsync("test", cancellationToken);
            if (flusher.Pending > 0)
                await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Waits until the consumer has nothing pending and nothing awaiting an ack; fails, naming where it stood, if
    /// that count has not moved for <paramref name="stall"/> (default 90 s) so a stuck archiver is a clear failure, not a test timeout.</summary>
    public static async Task WaitAckedAsync(INatsJSContext jetStream, string stream, string consumer, CancellationToken cancellationToken, TimeSpan? stall = null)
    {
        var limit = stall ?? TimeSpan.FromSeconds(90);
        var last = (Pending: ulong.MaxValue, AckPending: long.MaxValue, Delivered: ulong.MaxValue);
        var since = DateTime.UtcNow;
        while (true)
        {
            var info = (await jetStream.GetConsumerAsync(stream, consumer, cancellationToken)).Info;
            if (info.NumPending == 0 && info.NumAckPending == 0)
                return;
            var now = (info.NumPending, info.NumAckPending, info.Delivered.StreamSeq);
            if (now != last)
                (last, since) = (now, DateTime.UtcNow);
            else if (DateTime.UtcNow - since > limit)
                throw new TimeoutException($"{stream}/{consumer} stood still for {limit.TotalSeconds:0} s: {info.NumPending} pending, {info.NumAckPending} awaiting ack, " +
                    $"delivered up to stream sequence {info.Delivered.StreamSeq}, acked floor {info.AckFloor.StreamSeq}, {info.NumRedelivered} redelivered.");
            await Task.Delay(200, cancellationToken);
        }
    }
}
