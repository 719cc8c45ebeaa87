using System.Security.Cryptography;
using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Archiver.Tools;
using Ssmd.Storage;
using Ssmd.Streams;

namespace Ssmd.Archiver.Tests;

/// <summary>
/// A file the manifest lists, damaged or deleted in storage between flushes: the next flush records what was lost,
/// keeps the damaged bytes, starts the file again with the new messages and files everything else as usual, even
/// when it is cut and repeated. Before, every flush of every source failed on such a file, and forever.
/// </summary>
public sealed class DamagedFileTests
{
    private static readonly DateOnly Day = new(2026, 8, 14);

    /// <summary>Two hours of frames: frames below 1,000 are received at 10:00–11:00, every ticker in both halves.</summary>
    private static SyntheticFeed Feed { get; } = new(2_000, 20, new DateTimeOffset(2026, 8, 14, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2));

    [Fact(Timeout = 120_000)]
    public async Task A_listed_file_found_damaged_or_missing_is_recorded_as_lost_set_aside_and_started_again_and_nothing_else_is_lost_or_doubled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamWorld.StartAsync("damaged", ct);
        var (nats, world, connection, jetStream) = rig;
        var root = world.Path_("store");
        var store = new FolderObjectStore(root);
        var layout = new ArchiveLayout(world.Environment.Storage);
        var reader = new ArchiveReader(store, world.Environment.Storage);
        var consumers = new[] { (world.Environment.Transport.Nats.RawStream.Name, "ssmd-archiver-raw"), (world.Environment.Transport.Nats.NormalizedStream.Name, "ssmd-archiver-trade") };
        var damagedKey = layout.NormalizedKey(NormalizedKind.Trade, Day, SyntheticFeed.Ticker(0));
        var missingKey = layout.RawKey(Day, "trade", 10);
        var rolledBackKey = layout.NormalizedKey(NormalizedKind.Trade, Day, SyntheticFeed.Ticker(4));
        byte[] garbage = [0x28, 0xB5, 0x2F, 0xFD, .. Enumerable.Range(0, 200).Select(i => (byte)(i * 7))];
        var setAside = $"{damagedKey}.damaged-{Convert.ToHexStringLower(SHA256.HashData(garbage))[..16]}";

        PutFaults? faults = null;
        await using (var archiver = await ArchiverHost.StartAsync(nats.Url, new Uri(root + "/").AbsoluteUri, world, world.Path_("work"), cancellationToken: ct,
            wrapStore: inner => faults = new PutFaults(inner)))
        {
            await Feed.PublishAsync(jetStream, 0, 500, ct);
            await Completion.FlushAllAsync(archiver.Flusher, jetStream, consumers, ct);
            Assert.Equal(25, (await reader.ReadManifestAsync(ArchiveKind.Normalized, Day, ct))!.Find(damagedKey)!.Messages);
            Assert.Equal(500, (await reader.ReadManifestAsync(ArchiveKind.Raw, Day, ct))!.Find(missingKey)!.Messages);

            // Outside damage: ticker 0's trade file overwritten with bytes no reader takes, the 10:00 raw file deleted,
            // ticker 4's file rolled back to an empty one (readable, but holding fewer messages than listed).
            await store.PutBytesAsync(layout.Normalized.Bucket, damagedKey, garbage, ct);
            await store.DeleteAsync(layout.Raw.Bucket, missingKey, ct);
            await store.PutBytesAsync(layout.Normalized.Bucket, rolledBackKey, Array.Empty<byte>(), ct);

            // Both files get new messages. The flush is cut after recording the damage and before its own manifests.
            await Feed.PublishAsync(jetStream, 500, Feed.Frames, ct);
            foreach (var (stream, consumer) in consumers)
                await Completion.WaitAckedAsync(jetStream, stream, consumer, ct);
            faults!.Allow = 3;
            faults.Failing = true;
            var cut = await Assert.ThrowsAnyAsync<Exception>(() => archiver.Flusher.FlushAsync("test", ct));
            Assert.Contains("Injected failure", cut.ToString(), StringComparison.Ordinal);
            Assert.Null((await reader.ReadManifestAsync(ArchiveKind.Normalized, Day, ct))!.Find(damagedKey));
            Assert.Null((await reader.ReadManifestAsync(ArchiveKind.Normalized, Day, ct))!.Find(rolledBackKey));
            Assert.Null((await reader.ReadManifestAsync(ArchiveKind.Raw, Day, ct))!.Find(missingKey));

            // Repeated, it completes.
            faults.Failing = false;
            await Completion.FlushAllAsync(archiver.Flusher, jetStream, consumers, ct);
        }

        Assert.Equal(garbage, await File.ReadAllBytesAsync(store.PathOf(layout.Normalized.Bucket, setAside), ct));
        var normalized = (await reader.ReadManifestAsync(ArchiveKind.Normalized, Day, ct))!;
        Assert.Equal(2, normalized.Damaged?.Count);
        var damage = normalized.Damaged!.Single(d => d.Lost.Key == damagedKey);
        Assert.Equal((25L, setAside), (damage.Lost.Messages, damage.SetAside));
        Assert.Equal(75, normalized.Find(damagedKey)!.Messages);
        var rolledBack = normalized.Damaged!.Single(d => d.Lost.Key == rolledBackKey);
        Assert.Equal((25L, $"{rolledBackKey}.damaged-{Convert.ToHexStringLower(SHA256.HashData([]))[..16]}", "it holds 0 messages where the manifest lists 25"),
            (rolledBack.Lost.Messages, rolledBack.SetAside, rolledBack.Reason));
        Assert.Equal(75, normalized.Find(rolledBackKey)!.Messages);
        var raw = (await reader.ReadManifestAsync(ArchiveKind.Raw, Day, ct))!;
        var missing = Assert.Single(raw.Damaged ?? []);
        Assert.Equal((missingKey, 500L, (string?)null), (missing.Lost.Key, missing.Lost.Messages, missing.SetAside));
        Assert.Equal(500, raw.Find(missingKey)!.Messages);

        // What was in the two files is lost; every other frame is there exactly once.
        await ArchiveAssertions.AssertExactlyOnceAsync(store, world, Feed, [Day], world.Folder, ct,
            rawLost: i => i < 500, tradesLost: i => i < 500 && i % 20 is 0 or 4);

        // Verify names each loss and nothing else: the set-aside copy is no stray, the counts add up.
        var verifier = new ArchiveVerifier(store, world.Environment.Storage);
        var probe = ArchiveAssertions.Probe(connection);
        var normalizedReport = await verifier.VerifyAsync(ArchiveKind.Normalized, Day, probe, ct);
        Assert.Equal([damagedKey, rolledBackKey], normalizedReport.Discrepancies.Select(d => d.Subject).Order(StringComparer.Ordinal));
        var normalizedProblem = normalizedReport.Discrepancies.Single(d => d.Subject == damagedKey);
        Assert.Contains("the 25 messages it listed", normalizedProblem.Problem, StringComparison.Ordinal);
        Assert.Contains(setAside, normalizedProblem.Problem, StringComparison.Ordinal);
        var rawProblem = Assert.Single((await verifier.VerifyAsync(ArchiveKind.Raw, Day, probe, ct)).Discrepancies);
        Assert.Equal(missingKey, rawProblem.Subject);
        Assert.Contains("found missing", rawProblem.Problem, StringComparison.Ordinal);
        Assert.Contains("the 500 messages it listed", rawProblem.Problem, StringComparison.Ordinal);

        // The tools read what is there and say what is not: each loss on standard error, exit 1. So does a listed
        // file deleted since the last flush. A ticker that lost nothing reads as before.
        await store.DeleteAsync(layout.Normalized.Bucket, layout.NormalizedKey(NormalizedKind.Trade, Day, SyntheticFeed.Ticker(2)), ct);
        var archive = new Uri(root + "/").AbsoluteUri;
        async Task<(int Exit, int Lines)> ToolAsync(params string[] args)
        {
            var output = new StringWriter();
            var exit = await ArchiverCommands.RunAsync([.. args, "--day", "2026-08-14", "--environment", world.EnvironmentPath, "--archive", archive], output);
            return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }

        Assert.Equal((1, 75), await ToolAsync("read", "normalized", "--ticker", SyntheticFeed.Ticker(0)));
        Assert.Equal((1, 0), await ToolAsync("read", "normalized", "--ticker", SyntheticFeed.Ticker(2)));
        Assert.Equal((0, 100), await ToolAsync("read", "normalized", "--ticker", SyntheticFeed.Ticker(1)));
        Assert.Equal((1, 1_500), await ToolAsync("read", "raw"));
        Assert.Equal(1, (await ToolAsync("export", "--kind", "trade", "--out", world.Path_("trades.parquet"))).Exit);
        Assert.True(File.Exists(world.Path_("trades.parquet")));
        var said = TestContext.Current.TestOutputHelper!.Output;
        Assert.Contains($"warning: {damagedKey}: found damaged", said, StringComparison.Ordinal);
        Assert.Contains($"warning: {missingKey}: found missing", said, StringComparison.Ordinal);
        Assert.Contains($"{SyntheticFeed.Ticker(2)}/data.capnp.zst: listed in the manifest (100 messages) but missing from storage", said, StringComparison.Ordinal);

        // A manifest that is not JSON: one error line and exit 1, not a stack trace.
        await store.PutBytesAsync(layout.Normalized.Bucket, layout.ManifestKey(ArchiveKind.Normalized, Day), "{"u8.ToArray(), ct);
        Assert.Equal((1, 0), await ToolAsync("read", "normalized"));
        Assert.Contains("error: the day's manifest is not valid JSON", TestContext.Current.TestOutputHelper!.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task An_older_copy_put_back_whose_restart_was_cut_is_started_again_and_not_taken_for_an_interrupted_flushs_file()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamWorld.StartAsync("rolledback", ct);
        var (nats, world, _, jetStream) = rig;
        var root = world.Path_("store");
        var store = new FolderObjectStore(root);
        var layout = new ArchiveLayout(world.Environment.Storage);
        var reader = new ArchiveReader(store, world.Environment.Storage);
        var consumers = new[] { (world.Environment.Transport.Nats.RawStream.Name, "ssmd-archiver-raw"), (world.Environment.Transport.Nats.NormalizedStream.Name, "ssmd-archiver-trade") };
        var key = layout.NormalizedKey(NormalizedKind.Trade, Day, SyntheticFeed.Ticker(4));

        PutFaults? faults = null;
        await using (var archiver = await ArchiverHost.StartAsync(nats.Url, new Uri(root + "/").AbsoluteUri, world, world.Path_("work"), cancellationToken: ct,
            wrapStore: inner => faults = new PutFaults(inner)))
        {
            await Feed.PublishAsync(jetStream, 0, 250, ct);
            await Completion.FlushAllAsync(archiver.Flusher, jetStream, consumers, ct);
            var older = await File.ReadAllBytesAsync(store.PathOf(layout.Normalized.Bucket, key), ct);
            await Feed.PublishAsync(jetStream, 250, 500, ct);
            await Completion.FlushAllAsync(archiver.Flusher, jetStream, consumers, ct);
            Assert.Equal(25, (await reader.ReadManifestAsync(ArchiveKind.Normalized, Day, ct))!.Find(key)!.Messages);

            // The file's older copy (13 of its 25 messages) is put back; the flush that finds it is cut after recording
            // the damage, before the file started again is put. The copy is readable: the repeat must not take its
            // 13 messages for 13 of the new ones that an interrupted flush had written.
            await store.PutBytesAsync(layout.Normalized.Bucket, key, older, ct);
            await Feed.PublishAsync(jetStream, 500, Feed.Frames, ct);
            foreach (var (stream, consumer) in consumers)
                await Completion.WaitAckedAsync(jetStream, stream, consumer, ct);
            faults!.FailFileOnce = key;
            await Assert.ThrowsAnyAsync<ObjectStoreException>(() => archiver.Flusher.FlushAsync("test", ct));
            Assert.Null((await reader.ReadManifestAsync(ArchiveKind.Normalized, Day, ct))!.Find(key));
            await Completion.FlushAllAsync(archiver.Flusher, jetStream, consumers, ct);
        }

        var normalized = (await reader.ReadManifestAsync(ArchiveKind.Normalized, Day, ct))!;
        Assert.Equal(("it holds 13 messages where the manifest lists 25", 75L), (Assert.Single(normalized.Damaged ?? []).Reason, normalized.Find(key)!.Messages));
        await ArchiveAssertions.AssertExactlyOnceAsync(store, world, Feed, [Day], world.Folder, ct, tradesLost: i => i < 500 && i % 20 == 4);
    }
}
