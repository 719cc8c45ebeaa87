using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Storage;
using Ssmd.Testing;

namespace Ssmd.Archiver.Tests;

/// <summary>
/// The issue's first acceptance point, on both backends at once (one feed, two archivers with their own
/// consumers). AckMode is Auto: the folder archiver acknowledges once journaled, the S3 one once its parts are stored.
/// </summary>
public sealed class ArchiveExactlyOnceTests(S3rverFixture s3)
{
    private static readonly DateTimeOffset Start = new(2026, 8, 14, 22, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly[] Days = [new(2026, 8, 14), new(2026, 8, 15)];

    // About 2 minutes alone on 2 busy cores; CI runs test projects in parallel, so the bound is generous.
    [Fact(Timeout = 300_000)]
    public async Task Two_hundred_thousand_messages_over_2000_tickers_and_3_hours_are_archived_exactly_once_in_a_folder_and_in_s3()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamWorld.StartAsync("big", ct);
        var (nats, world, connection, jetStream) = rig;

        // 100,000 frames = 100,000 raw + 100,000 normalized messages, 2,000 tickers, 22:30 to 01:30 UTC (two days).
        var feed = new SyntheticFeed(100_000, 2_000, Start, TimeSpan.FromHours(3));
        var folderRoot = world.Path_("store");
        await using var folderArchiver = await ArchiverHost.StartAsync(nats.Url, new Uri(folderRoot + "/").AbsoluteUri, world, world.Path_("work-folder"),
            new Dictionary<string, string?> { ["Archiver:ConsumerPrefix"] = "folder" }, ct);
        await using var s3Archiver = await ArchiverHost.StartAsync(nats.Url, s3.ConnectionString, world, world.Path_("work-s3"),
            new Dictionary<string, string?> { ["Archiver:ConsumerPrefix"] = "s3" }, ct);

        await feed.PublishAsync(jetStream, 0, feed.Frames, ct);

        var sources = new[] { "raw", "trade", "orderbook", "ticker", "status" };
        foreach (var (host, prefix) in new[] { (folderArchiver, "folder"), (s3Archiver, "s3") })
        {
            await Completion.FlushAllAsync(host.Flusher, jetStream,
                sources.Select(s => (s == "raw" ? world.Environment.Transport.Nats.RawStream.Name : world.Environment.Transport.Nats.NormalizedStream.Name, $"{prefix}-{s}")), ct);
        }

        var folder = new FolderObjectStore(folderRoot);
        using var client = s3.CreateClient();
        var bucketStore = new S3ObjectStore(client, "s3rver");
        var probe = ArchiveAssertions.Probe(connection);
        foreach (var store in new IObjectStore[] { folder, bucketStore })
        {
            await ArchiveAssertions.AssertExactlyOnceAsync(store, world, feed, Days, world.Folder, ct);
            await ArchiveAssertions.AssertVerifiedAsync(store, world, probe, Days, ct);
        }

        // The reference tools read the files: zstd -d, and capnp decode of the normalized stream.
        var layout = new ArchiveLayout(world.Environment.Storage);
        var manifest = (await new ArchiveReader(folder, world.Environment.Storage).ReadManifestAsync(ArchiveKind.Normalized, Days[1], ct))!;
        var tradeFile = manifest.Files.First(f => f.Kind == "trade");
        var decoded = await ArchiveAssertions.ShellAsync(
            $"zstd -dc '{folder.PathOf(layout.Normalized.Bucket, tradeFile.Key)}' | capnp decode schemas/ssmd.capnp Trade", ct);
        Assert.Equal(tradeFile.Messages, decoded.Split('\n').Count(l => l.StartsWith('(')));
        Assert.Contains($"ticker = \"{tradeFile.Name}\"", decoded, StringComparison.Ordinal);

        var rawManifest = (await new ArchiveReader(folder, world.Environment.Storage).ReadManifestAsync(ArchiveKind.Raw, Days[0], ct))!;
        var rawFile = rawManifest.Files.First(f => f.Kind == "raw");
        var lines = await ArchiveAssertions.ShellAsync($"zstd -dc '{folder.PathOf(layout.Raw.Bucket, rawFile.Key)}'", ct);
        var first = lines.Split('\n')[0];
        Assert.Equal(rawFile.Messages, lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var index = SyntheticFeed.IndexOfRaw(System.Text.Encoding.UTF8.GetBytes(first));
        Assert.Equal($"{{\"ts\":{feed.ReceiveNs(index) / 1_000_000},\"type\":\"trade\",\"data\":{System.Text.Encoding.UTF8.GetString(feed.RawFrame(index))}}}", first);
    }
}
