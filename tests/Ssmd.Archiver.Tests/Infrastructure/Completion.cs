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

    public static async Task WaitAckedAsync(INatsJSContext jetStream, string stream, string consumer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var info = (await jetStream.GetConsumerAsync(stream, consumer, cancellationToken)).Info;
            if (info.NumPending == 0 && info.NumAckPending == 0)
                return;
            await Task.Delay(200, cancellationToken);
        }
    }
}
