using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Storage;

namespace Ssmd.Archiver.Tests;

/// <summary>
/// Stored mode: a flush cut after it put its files and before it put the manifests, and the work directory lost
/// with it (so the new journal, restored from the parts, does not know a flush was under way). Files the manifest
/// already lists then hold more than it says; the next flush must not append those messages again.
/// </summary>
public sealed class CutFlushTests
{
    private static readonly DateOnly Day = new(2026, 8, 14);

    [Fact(Timeout = 120_000)]
    public async Task A_flush_cut_before_its_manifests_and_a_lost_work_directory_append_nothing_twice_to_files_the_manifest_lists()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamWorld.StartAsync("cutflush", ct);
        var (nats, world, connection, jetStream) = rig;
        var store = new FolderObjectStore(world.Path_("store"));
        var layout = new ArchiveLayout(world.Environment.Storage);
        var shared = layout.RawKey(Day, "trade", 11);

        PutFaults? faults = null;
        await using (var archiver = await ArchiverHost.StartAsync(nats.Url, StoredParts.StoreUri(world), world, world.Path_("work-1"), StoredParts.Settings(), ct,
            inner => faults = new PutFaults(inner)))
        {
            // A is filed and listed: raw 10:00 and 11:00, every ticker's trade file.
            await Feed.PublishAsync(jetStream, 0, 1_200, ct);
            await Completion.FlushAllAsync(archiver.Flusher, jetStream, StoredParts.Consumers(world), ct);
            var listed = (await new ArchiveReader(store, world.Environment.Storage).ReadManifestAsync(ArchiveKind.Raw, Day, ct))!.Find(shared);
            Assert.NotNull(listed);

            // B goes to the same files; its parts are stored and acknowledged. The flush puts the files, then not the
            // manifests (nor does the shutdown flush), so no part is removed.
            await Feed.PublishAsync(jetStream, 1_200, 1_600, ct);
            foreach (var (stream, consumer) in StoredParts.Consumers(world))
                await Completion.WaitAckedAsync(jetStream, stream, consumer, ct);
            faults!.Failing = true;
            var cut = await Assert.ThrowsAnyAsync<Exception>(() => archiver.Flusher.FlushAsync("test", ct));
            Assert.Contains("Injected failure", cut.ToString(), StringComparison.Ordinal);
            Assert.True(await SizeAsync(store, world.RawBucket, shared, ct) > listed.Bytes, "the cut flush did not put the file it appends to");
        }

        // The pod is gone with its work directory; a new one restores B from the parts, and C follows.
        Directory.Delete(world.Path_("work-1"), recursive: true);
        await using (var archiver = await ArchiverHost.StartAsync(nats.Url, StoredParts.StoreUri(world), world, world.Path_("work-2"), StoredParts.Settings(), ct))
        {
            await Feed.PublishAsync(jetStream, 1_600, Feed.Frames, ct);
            await Completion.FlushAllAsync(archiver.Flusher, jetStream, StoredParts.Consumers(world), ct);
        }

        await ArchiveAssertions.AssertExactlyOnceAsync(store, world, Feed, [Day], world.Folder, ct);
        await ArchiveAssertions.AssertVerifiedAsync(store, world, ArchiveAssertions.Probe(connection), [Day], ct);
    }

    /// <summary>Two hours of frames: 10:00 holds the first 1,000, 11:00 the rest, so A, B and C all reach 11:00 and every ticker.</summary>
    private static SyntheticFeed Feed { get; } = new(2_000, 20, new DateTimeOffset(2026, 8, 14, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2));

    private static async Task<long> SizeAsync(IObjectStore store, string bucket, string key, CancellationToken ct)
    {
        await using var stream = (await store.OpenReadAsync(bucket, key, ct))!;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, ct);
        return copy.Length;
    }
}
