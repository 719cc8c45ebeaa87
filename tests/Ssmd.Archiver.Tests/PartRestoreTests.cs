using NATS.Client.JetStream;
using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Storage;
using Ssmd.Testing;

namespace Ssmd.Archiver.Tests;

/// <summary>Stored mode after a crash that also lost the work directory: the parts in storage bring back what was acknowledged, exactly once.</summary>
public sealed class PartRestoreTests(S3rverFixture s3)
{
    private static readonly DateOnly[] Days = [new(2026, 8, 14)];

    [Fact(Timeout = 120_000)]
    public async Task A_new_journal_restores_the_parts_and_the_archive_holds_every_message_once_even_parts_already_filed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamWorld.StartAsync("restore", ct);
        var (nats, world, connection, jetStream) = rig;
        var feed = new SyntheticFeed(4_000, 40, new DateTimeOffset(2026, 8, 14, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2));
        var consumers = new[]
        {
            (Stream: world.Environment.Transport.Nats.RawStream.Name, Consumer: "ssmd-archiver-raw"),
            (Stream: world.Environment.Transport.Nats.NormalizedStream.Name, Consumer: "ssmd-archiver-trade"),
        };
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:nats"] = nats.Url,
            ["ConnectionStrings:archive"] = s3.ConnectionString,
            ["Ssmd:Environment"] = world.EnvironmentPath,
            ["Archiver:WorkDirectory"] = world.Path_("work-1"),
            ["Archiver:AckMode"] = "Stored",
            ["Archiver:PartInterval"] = "00:00:01",
            ["Archiver:FetchWait"] = "00:00:01.100",
            ["Archiver:AckWait"] = "00:00:05",
        };
        using var client = s3.CreateClient();
        var store = new S3ObjectStore(client, "s3rver");

        await using (var first = await ArchiverProcess.StartAsync(settings, ct))
        {
            // Half the feed is stored in parts and acknowledged; keep a copy of the parts, then flush, which removes them.
            await feed.PublishAsync(jetStream, 0, 2_000, ct);
            await WaitAckedAsync(jetStream, consumers, ct);
            var kept = await ReadPartsAsync(store, world, ct);
            Assert.NotEmpty(kept);
            var flush = await first.FlushAsync(ct);
            Assert.True(flush.IsSuccessStatusCode, await flush.Content.ReadAsStringAsync(ct));
            Assert.Empty(await ReadPartsAsync(store, world, ct));

            // As if the flush had crashed before removing them: they are back, and hold messages already filed.
            foreach (var (bucket, key, content) in kept)
                await store.PutBytesAsync(bucket, key, content, ct);

            // The other half is stored in parts and acknowledged, then kill -9: nothing of it is filed.
            await feed.PublishAsync(jetStream, 2_000, feed.Frames, ct);
            await WaitAckedAsync(jetStream, consumers, ct);
            await first.KillAsync();
        }

        // The work directory is lost (a new node without the volume); a new journal starts from the parts.
        Directory.Delete(world.Path_("work-1"), recursive: true);
        settings["Archiver:WorkDirectory"] = world.Path_("work-2");
        await using (var second = await ArchiverProcess.StartAsync(settings, ct))
        {
            var flush = await second.FlushAsync(ct);
            Assert.True(flush.IsSuccessStatusCode, await flush.Content.ReadAsStringAsync(ct));
            await second.StopAsync();
        }

        await ArchiveAssertions.AssertExactlyOnceAsync(store, world, feed, Days, world.Folder, ct);
        await ArchiveAssertions.AssertVerifiedAsync(store, world, ArchiveAssertions.Probe(connection), Days, ct);
        Assert.Empty(await ReadPartsAsync(store, world, ct));
    }

    private static async Task WaitAckedAsync(INatsJSContext jetStream, IEnumerable<(string Stream, string Consumer)> consumers, CancellationToken ct)
    {
        foreach (var (stream, consumer) in consumers)
            await Completion.WaitAckedAsync(jetStream, stream, consumer, ct);
    }

    private static async Task<List<(string Bucket, string Key, byte[] Content)>> ReadPartsAsync(S3ObjectStore store, TestWorld world, CancellationToken ct)
    {
        var parts = new List<(string, string, byte[])>();
        foreach (var bucket in new[] { world.RawBucket, world.NormalizedBucket })
        {
            await foreach (var key in store.ListAsync(bucket, "", ct))
            {
                if (!("/" + key).Contains("/_parts/", StringComparison.Ordinal))
                    continue;
                await using var content = (await store.OpenReadAsync(bucket, key, ct))!;
                using var copy = new MemoryStream();
                await content.CopyToAsync(copy, ct);
                parts.Add((bucket, key, copy.ToArray()));
            }
        }

        return parts;
    }
}
