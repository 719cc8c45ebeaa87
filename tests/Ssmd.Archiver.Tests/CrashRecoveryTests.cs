using NATS.Client.JetStream;
using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Storage;
using Ssmd.Streams;
using Ssmd.Testing;

namespace Ssmd.Archiver.Tests;

/// <summary>The second acceptance point: kill -9 at random points, restart, and nothing is lost or doubled.</summary>
public sealed class CrashRecoveryTests
{
    [Fact(Timeout = 300_000)] // ten kills and restarts; generous because CI runs test projects side by side on 2 cores
    public async Task Killing_the_archiver_ten_times_while_it_consumes_and_flushes_loses_and_duplicates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        using var world = new TestWorld("crash");
        await using var connection = await nats.CreateConnectionAsync(ct);
        var jetStream = new NatsJSContext(connection);
        await SsmdStreams.EnsureAsync(jetStream, world.Environment, ct);
        var feed = new SyntheticFeed(30_000, 300, new DateTimeOffset(2026, 8, 14, 23, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2));
        var store = world.Path_("store");
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:nats"] = nats.Url,
            ["ConnectionStrings:archive"] = new Uri(store + "/").AbsoluteUri,
            ["Ssmd:Environment"] = world.EnvironmentPath,
            ["Archiver:WorkDirectory"] = world.Path_("work"),
            ["Archiver:FetchBatch"] = "500",
            ["Archiver:FetchWait"] = "00:00:01.100",
            ["Archiver:AckWait"] = "00:00:02",
            // Flushes all the time, so kills land in the middle of flushes as well as of batches.
            ["Archiver:MaxPendingMessages"] = "1500",
            ["Archiver:FlushInterval"] = "00:00:01",
        };

        var publishing = Task.Run(async () =>
        {
            for (var from = 0; from < feed.Frames; from += 1000)
            {
                await feed.PublishAsync(jetStream, from, from + 1000, ct);
                await Task.Delay(150, ct);
            }
        }, ct);

        var random = new Random(6);
        for (var kill = 0; kill < 10; kill++)
        {
            await using var archiver = await ArchiverProcess.StartAsync(settings, ct);
            await Task.Delay(random.Next(300, 1500), ct);
            await archiver.KillAsync();
        }

        await publishing;
        await using (var last = await ArchiverProcess.StartAsync(settings, ct))
        {
            foreach (var source in new[] { "raw", "trade", "orderbook", "ticker", "status" })
            {
                var stream = source == "raw" ? world.Environment.Transport.Nats.RawStream.Name : world.Environment.Transport.Nats.NormalizedStream.Name;
                await Completion.WaitAckedAsync(jetStream, stream, $"ssmd-archiver-{source}", ct);
            }

            var flush = await last.FlushAsync(ct);
            Assert.True(flush.IsSuccessStatusCode, await flush.Content.ReadAsStringAsync(ct));

            // SIGTERM flushes whatever the first flush left (a message redelivered after a kill may have come late).
            await last.StopAsync();
        }

        var days = new[] { new DateOnly(2026, 8, 14), new DateOnly(2026, 8, 15) };
        var folder = new FolderObjectStore(store);
        await ArchiveAssertions.AssertExactlyOnceAsync(folder, world, feed, days, world.Folder, ct);
        await ArchiveAssertions.AssertVerifiedAsync(folder, world, ArchiveAssertions.Probe(connection), days, ct);
    }
}
