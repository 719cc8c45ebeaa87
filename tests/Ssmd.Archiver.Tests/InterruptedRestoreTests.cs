using NATS.Client.JetStream;
using Ssmd.Archiver.Parts;
using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Storage;
using Ssmd.Testing;

namespace Ssmd.Archiver.Tests;

/// <summary>
/// Stored mode with a lost work directory, when the restore of the parts does not go straight through: it
/// fails part-way, or takes long enough for a flush to come due. No part may go before its messages are in
/// the journal.
/// </summary>
public sealed class InterruptedRestoreTests
{
    private static readonly DateOnly[] Days = [new(2026, 8, 14)];

    [Fact(Timeout = 120_000)]
    public async Task A_restore_that_fails_part_way_is_finished_at_the_next_start_and_every_message_is_archived_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamWorld.StartAsync("cutrestore", ct);
        var (nats, world, connection, jetStream) = rig;
        var store = await StoreAcknowledgedPartsAsync(nats, world, jetStream, ct);

        // The work directory is lost; the new journal's restore reads raw's first part, then the second read fails.
        var work = world.Path_("work-2");
        var failing = await Assert.ThrowsAnyAsync<Exception>(() => ArchiverHost.StartAsync(nats.Url, StoredParts.StoreUri(world), world, work, StoredParts.Settings(), ct,
            inner => new PartReadFaults(inner) { FailRead = 2 }));
        Assert.Contains("Injected failure", failing.ToString(), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(work, "raw"), "*.jnl"));

        // The next start finds part of the restore done; the rest must still come from the parts.
        await using (var archiver = await ArchiverHost.StartAsync(nats.Url, StoredParts.StoreUri(world), world, work, StoredParts.Settings(), ct))
            await Completion.FlushAllAsync(archiver.Flusher, jetStream, StoredParts.Consumers(world), ct);

        await ArchiveAssertions.AssertExactlyOnceAsync(store, world, Feed, Days, world.Folder, ct);
        await ArchiveAssertions.AssertVerifiedAsync(store, world, ArchiveAssertions.Probe(connection), Days, ct);
        Assert.Empty(await PartsAsync(store, world, ct));
    }

    [Fact(Timeout = 120_000)]
    public async Task No_flush_files_or_removes_anything_while_the_parts_are_being_restored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamWorld.StartAsync("slowrestore", ct);
        var (nats, world, connection, jetStream) = rig;
        var store = await StoreAcknowledgedPartsAsync(nats, world, jetStream, ct);
        var parts = (await PartsAsync(store, world, ct)).Count;

        // The work directory is lost; restoring is slow, and one part already reaches MaxPendingMessages, so the
        // scheduler finds a flush due after the first part is imported.
        var settings = StoredParts.Settings();
        settings["Archiver:MaxPendingMessages"] = "50";
        PartReadFaults? slow = null;
        await using (var archiver = await ArchiverHost.StartAsync(nats.Url, StoredParts.StoreUri(world), world, world.Path_("work-2"), settings, ct,
            inner => slow = new PartReadFaults(inner) { ReadDelay = TimeSpan.FromMilliseconds(400) }))
        {
            Assert.True(slow!.Reads == parts, $"the restore read {slow.Reads} of {parts} parts (a flush removed the others before they were read)");
            await Completion.FlushAllAsync(archiver.Flusher, jetStream, StoredParts.Consumers(world), ct);
        }

        await ArchiveAssertions.AssertExactlyOnceAsync(store, world, Feed, Days, world.Folder, ct);
        await ArchiveAssertions.AssertVerifiedAsync(store, world, ArchiveAssertions.Probe(connection), Days, ct);
        Assert.Empty(await PartsAsync(store, world, ct));
    }

    private static SyntheticFeed Feed { get; } = new(2_000, 20, new DateTimeOffset(2026, 8, 14, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2));

    /// <summary>
    /// An archiver (its own process) stores the whole feed in parts, every message acknowledged and none filed,
    /// and is killed; its work directory is not used again.
    /// </summary>
    private static async Task<FolderObjectStore> StoreAcknowledgedPartsAsync(NatsServerFixture nats, TestWorld world, NatsJSContext jetStream, CancellationToken ct)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:nats"] = nats.Url,
            ["ConnectionStrings:archive"] = StoredParts.StoreUri(world),
            ["Ssmd:Environment"] = world.EnvironmentPath,
            ["Archiver:WorkDirectory"] = world.Path_("work-1"),
            ["Archiver:FetchWait"] = "00:00:01.100",
            ["Archiver:AckWait"] = "00:00:05",
        };
        foreach (var (key, value) in StoredParts.Settings())
            settings[key] = value!;
        await using (var first = await ArchiverProcess.StartAsync(settings, ct))
        {
            await Feed.PublishAsync(jetStream, 0, Feed.Frames, ct);
            foreach (var (stream, consumer) in StoredParts.Consumers(world))
                await Completion.WaitAckedAsync(jetStream, stream, consumer, ct);
            await first.KillAsync();
        }

        var store = new FolderObjectStore(world.Path_("store"));
        var parts = await PartsAsync(store, world, ct);
        Assert.True(parts.Count(p => p.Contains("-raw/", StringComparison.Ordinal)) >= 3, $"expected several parts of raw, found: {string.Join(", ", parts)}");
        return store;
    }

    private static async Task<List<string>> PartsAsync(IObjectStore store, TestWorld world, CancellationToken ct)
    {
        var parts = new List<string>();
        foreach (var bucket in new[] { world.RawBucket, world.NormalizedBucket })
        {
            await foreach (var key in store.ListAsync(bucket, "", ct))
            {
                if (("/" + key).Contains($"/{ArchiveParts.Folder}/", StringComparison.Ordinal))
                    parts.Add(key);
            }
        }

        return parts;
    }
}
