using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NATS.Client.JetStream;
using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Storage;
using Ssmd.Streams;
using Ssmd.Testing;

namespace Ssmd.Archiver.Tests;

/// <summary>The third acceptance point: storage unavailable for 30 s, nothing acknowledged meanwhile, nothing lost.</summary>
public sealed class StorageOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly DateOnly[] Days = [new(2026, 8, 14)];

    [Fact(Timeout = 170_000)]
    public async Task While_s3_is_stopped_for_30_s_nothing_is_acknowledged_and_once_it_returns_every_message_is_archived_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        // An s3rver of its own: stopping the assembly's shared one would fail the tests that use it meanwhile.
        await using var s3 = new S3rverFixture();
        await s3.StartAsync(ct);
        using var world = new TestWorld("outage");
        await using var connection = await nats.CreateConnectionAsync(ct);
        var jetStream = new NatsJSContext(connection);
        await SsmdStreams.EnsureAsync(jetStream, world.Environment, ct);
        var feed = new SyntheticFeed(6_000, 60, new DateTimeOffset(2026, 8, 14, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2));
        var consumers = new[]
        {
            (Stream: world.Environment.Transport.Nats.RawStream.Name, Consumer: "ssmd-archiver-raw"),
            (Stream: world.Environment.Transport.Nats.NormalizedStream.Name, Consumer: "ssmd-archiver-trade"),
        };

        // AckMode is Auto: Stored, because the store is S3.
        await using var archiver = await ArchiverHost.StartAsync(nats.Url, s3.ConnectionString, world, world.Path_("work"),
            new Dictionary<string, string?> { ["Archiver:PartInterval"] = "00:00:01" }, ct);

        // Before: the first third is stored in parts and acknowledged.
        await feed.PublishAsync(jetStream, 0, 2_000, ct);
        foreach (var (stream, consumer) in consumers)
            await Completion.WaitAckedAsync(jetStream, stream, consumer, ct);

        await s3.StopAsync();
        var floors = new Dictionary<string, ulong>();
        foreach (var (stream, consumer) in consumers)
            floors[consumer] = (await jetStream.GetConsumerAsync(stream, consumer, ct)).Info.AckFloor!.StreamSeq;

        // During: the second third is published and the archiver receives it, but acknowledges none of it.
        var watch = Stopwatch.StartNew();
        await feed.PublishAsync(jetStream, 2_000, 4_000, ct);
        var sawHeld = false;
        var sawUnhealthy = false;
        while (watch.Elapsed < Outage)
        {
            foreach (var (stream, consumer) in consumers)
            {
                var info = (await jetStream.GetConsumerAsync(stream, consumer, ct)).Info;
                Assert.True(floors[consumer] == info.AckFloor!.StreamSeq,
                    $"{consumer} acknowledged messages while storage was down: ack floor {floors[consumer]} became {info.AckFloor.StreamSeq} after {watch.Elapsed}");
                Assert.True((ulong)info.NumAckPending + info.NumPending == 2_000UL,
                    $"{consumer}: {info.NumAckPending} delivered and {info.NumPending} waiting, expected 2,000 unacknowledged in all");
                sawHeld |= info.NumAckPending > 0;
            }

            var health = await archiver.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "archiver", ct);
            if (health.Entries["archiver"].Status == HealthStatus.Unhealthy)
            {
                Assert.Contains("storage unavailable", health.Entries["archiver"].Description, StringComparison.Ordinal);
                sawUnhealthy = true;
            }

            await Task.Delay(500, ct);
        }

        Assert.True(sawHeld, "the archiver never received the messages published during the outage");
        Assert.True(sawUnhealthy, "/health never reported the storage outage");

        // After: storage returns, the last third follows, and everything is archived exactly once.
        await s3.RestartAsync(ct);
        await feed.PublishAsync(jetStream, 4_000, feed.Frames, ct);
        await Completion.FlushAllAsync(archiver.Flusher, jetStream, consumers, ct);
        var healthAfter = await archiver.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "archiver", ct);
        Assert.Equal(HealthStatus.Healthy, healthAfter.Entries["archiver"].Status);

        using var client = s3.CreateClient();
        var store = new S3ObjectStore(client, "s3rver");
        await ArchiveAssertions.AssertExactlyOnceAsync(store, world, feed, Days, world.Folder, ct);
        await ArchiveAssertions.AssertVerifiedAsync(store, world, ArchiveAssertions.Probe(connection), Days, ct);

        // The parts were folded into the files and removed.
        foreach (var bucket in new[] { world.RawBucket, world.NormalizedBucket })
        {
            await foreach (var key in store.ListAsync(bucket, "", ct))
                Assert.DoesNotContain("/_parts/", "/" + key, StringComparison.Ordinal);
        }
    }
}
