using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.JetStream;
using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.Storage;
using Ssmd.Streams;
using Ssmd.Testing;

namespace Ssmd.Archiver.Tests;

/// <summary>Verification finds what is wrong, and a consumer filter that matches nothing stops the archiver.</summary>
public sealed class VerifyAndStartupTests
{
    private static readonly DateOnly Day = new(2026, 8, 14);

    [Fact(Timeout = 60_000)]
    public async Task Verify_names_a_corrupted_file_a_truncated_file_a_missing_file_and_a_stray_file()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamWorld.StartAsync("verify", ct);
        var (nats, world, connection, jetStream) = rig;
        var feed = new SyntheticFeed(2_000, 20, new DateTimeOffset(2026, 8, 14, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2));
        var root = world.Path_("store");
        await using (var archiver = await ArchiverHost.StartAsync(nats.Url, new Uri(root + "/").AbsoluteUri, world, world.Path_("work"), cancellationToken: ct))
        {
            await feed.PublishAsync(jetStream, 0, feed.Frames, ct);
            await Completion.FlushAllAsync(archiver.Flusher, jetStream,
                [(world.Environment.Transport.Nats.RawStream.Name, "ssmd-archiver-raw"), (world.Environment.Transport.Nats.NormalizedStream.Name, "ssmd-archiver-trade")], ct);
        }

        var store = new FolderObjectStore(root);
        var verifier = new ArchiveVerifier(store, world.Environment.Storage);
        var probe = ArchiveAssertions.Probe(connection);
        Assert.True((await verifier.VerifyAsync(ArchiveKind.Normalized, Day, probe, ct)).Passed);

        var manifest = (await new ArchiveReader(store, world.Environment.Storage).ReadManifestAsync(ArchiveKind.Normalized, Day, ct))!;
        var corrupted = manifest.Files[0];
        var missing = manifest.Files[1];
        Assert.True(manifest.Files.Count >= 3, $"the day has {manifest.Files.Count} files");
        var truncated = manifest.Files[2];
        var layout = new ArchiveLayout(world.Environment.Storage);
        var corruptedPath = store.PathOf(layout.Normalized.Bucket, corrupted.Key);
        var bytes = await File.ReadAllBytesAsync(corruptedPath, ct);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(corruptedPath, bytes, ct);
        // Cut short, as an interrupted upload to a store whose writes are not atomic leaves it: the
        // decompressor reports a premature end, which is a finding about that file, not a failure of verify.
        var truncatedPath = store.PathOf(layout.Normalized.Bucket, truncated.Key);
        await File.WriteAllBytesAsync(truncatedPath, (await File.ReadAllBytesAsync(truncatedPath, ct))[..^5], ct);
        File.Delete(store.PathOf(layout.Normalized.Bucket, missing.Key));
        await store.PutBytesAsync(layout.Normalized.Bucket, layout.NormalizedKey(NormalizedKind.Trade, Day, "STRAY"), new byte[] { 1, 2, 3 }, ct);

        var report = await verifier.VerifyAsync(ArchiveKind.Normalized, Day, probe, ct);
        Assert.False(report.Passed);
        Assert.Contains(report.Discrepancies, d => d.Subject == corrupted.Key && d.Problem.Contains("SHA-256", StringComparison.Ordinal) || d.Subject == corrupted.Key && d.Problem.StartsWith("unreadable", StringComparison.Ordinal));
        Assert.Contains(report.Discrepancies, d => d.Subject == missing.Key && d.Problem.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(report.Discrepancies, d => d.Subject == truncated.Key && d.Problem.StartsWith("unreadable", StringComparison.Ordinal));
        Assert.Contains(report.Discrepancies, d => d.Subject.EndsWith("/STRAY/data.capnp.zst", StringComparison.Ordinal));

        // A raw file cut short is named the same way.
        var rawManifest = (await new ArchiveReader(store, world.Environment.Storage).ReadManifestAsync(ArchiveKind.Raw, Day, ct))!;
        var rawCut = rawManifest.Files[0];
        var rawPath = store.PathOf(layout.Raw.Bucket, rawCut.Key);
        await File.WriteAllBytesAsync(rawPath, (await File.ReadAllBytesAsync(rawPath, ct))[..^5], ct);
        var rawReport = await verifier.VerifyAsync(ArchiveKind.Raw, Day, probe, ct);
        Assert.Contains(rawReport.Discrepancies, d => d.Subject == rawCut.Key && d.Problem.StartsWith("unreadable", StringComparison.Ordinal));

        // The tool says the same and exits 1.
        var output = new StringWriter();
        var exit = await Tools.ArchiverCommands.RunAsync(
            ["verify", "--day", "2026-08-14", "--which", "normalized", "--environment", world.EnvironmentPath, "--archive", new Uri(root + "/").AbsoluteUri, "--nats", nats.Url], output);
        Assert.Equal(1, exit);
        Assert.Contains(corrupted.Key, output.ToString(), StringComparison.Ordinal);
        Assert.Contains(missing.Key, output.ToString(), StringComparison.Ordinal);
        Assert.Contains(truncated.Key, output.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_consumer_filter_that_matches_no_subject_of_its_stream_stops_start_up()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = new NatsServerFixture();
        await nats.StartAsync(ct);
        using var world = new TestWorld("filter");
        var error = await Assert.ThrowsAsync<SsmdStreamException>(async () =>
        {
            // The lesson: a misspelt lifecycle filter archived nothing for a month. Here it must not even start.
            await using var archiver = await ArchiverHost.StartAsync(nats.Url, new Uri(world.Path_("store") + "/").AbsoluteUri, world, world.Path_("work"),
                new Dictionary<string, string?> { ["Archiver:Filters:status"] = "kalshi.lifecycle.>" }, ct);
        });
        Assert.Contains("kalshi.lifecycle.>", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Messages_without_headers_or_with_bad_bytes_are_archived_in_the_rejected_file_and_counted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamWorld.StartAsync("bad", ct);
        var (nats, world, connection, jetStream) = rig;
        var root = world.Path_("store");
        await using var archiver = await ArchiverHost.StartAsync(nats.Url, new Uri(root + "/").AbsoluteUri, world, world.Path_("work"), cancellationToken: ct);

        // No receive-time header (filed by stream time), a frame that is not JSON, a subject with an extra token, bytes that
        // are not Cap'n Proto, and subjects whose last token has a '%' escape ssmd never writes (once, that failed every flush).
        (await jetStream.PublishAsync("kalshi.raw.trade", "{\"type\":\"trade\"}"u8.ToArray(), cancellationToken: ct)).EnsureSuccess();
        (await jetStream.PublishAsync("kalshi.raw.trade", "not json\n"u8.ToArray(), cancellationToken: ct)).EnsureSuccess();
        (await jetStream.PublishAsync("kalshi.raw.trade.extra", "{}"u8.ToArray(), cancellationToken: ct)).EnsureSuccess();
        (await jetStream.PublishAsync("kalshi.raw.tr%ZZade", "{}"u8.ToArray(), cancellationToken: ct)).EnsureSuccess();
        (await jetStream.PublishAsync("kalshi.trade.ABC", new byte[] { 9, 9, 9 }, cancellationToken: ct)).EnsureSuccess();
        (await jetStream.PublishAsync("kalshi.trade.AB%ZZ", new byte[] { 9, 9, 9 }, cancellationToken: ct)).EnsureSuccess();
        await Completion.FlushAllAsync(archiver.Flusher, jetStream,
            [(world.Environment.Transport.Nats.RawStream.Name, "ssmd-archiver-raw"), (world.Environment.Transport.Nats.NormalizedStream.Name, "ssmd-archiver-trade")], ct);

        var store = new FolderObjectStore(root);
        var reader = new ArchiveReader(store, world.Environment.Storage);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var raw = (await reader.ReadManifestAsync(ArchiveKind.Raw, today, ct))!;
        Assert.Equal(1, raw.Files.Single(f => f.Kind == "raw").Messages);
        Assert.Equal(3, raw.Files.Single(f => f.Kind == "rejected").Messages);
        Assert.Equal(4, raw.Streams.Single().Messages);
        var normalized = (await reader.ReadManifestAsync(ArchiveKind.Normalized, today, ct))!;
        Assert.Equal(2, normalized.Files.Single(f => f.Kind == "rejected").Messages);
        var layout = new ArchiveLayout(world.Environment.Storage);
        var lines = await ArchiveAssertions.ShellAsync($"zstd -dc '{store.PathOf(layout.Normalized.Bucket, layout.RejectedKey(ArchiveKind.Normalized, today, "trade"))}'", ct);
        Assert.Contains("\"reason\":\"not_capnp\"", lines, StringComparison.Ordinal);
        Assert.Contains("\"data_base64\":\"CQkJ\"", lines, StringComparison.Ordinal);
        var verifier = new ArchiveVerifier(store, world.Environment.Storage);
        Assert.True((await verifier.VerifyAsync(ArchiveKind.Raw, today, null, ct)).Passed);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_stream_recreated_behind_what_was_filed_is_reported_on_health_and_in_the_log()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StreamWorld.StartAsync("recreated", ct);
        var (nats, world, connection, jetStream) = rig;
        var feed = new SyntheticFeed(500, 5, new DateTimeOffset(2026, 8, 14, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));
        var archive = new Uri(world.Path_("store") + "/").AbsoluteUri;
        await using (var archiver = await ArchiverHost.StartAsync(nats.Url, archive, world, world.Path_("work"), cancellationToken: ct))
        {
            await feed.PublishAsync(jetStream, 0, feed.Frames, ct);
            await Completion.FlushAllAsync(archiver.Flusher, jetStream,
                [(world.Environment.Transport.Nats.RawStream.Name, "ssmd-archiver-raw"), (world.Environment.Transport.Nats.NormalizedStream.Name, "ssmd-archiver-trade")], ct);
        }

        // NATS loses its volume: the streams come back empty, their sequences start again at 1.
        var raw = world.Environment.Transport.Nats.RawStream.Name;
        await jetStream.DeleteStreamAsync(raw, ct);
        await SsmdStreams.EnsureAsync(jetStream, world.Environment, ct);

        await using var restarted = await ArchiverHost.StartAsync(nats.Url, archive, world, world.Path_("work"), cancellationToken: ct);
        var health = await restarted.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "archiver", ct);
        Assert.Equal(HealthStatus.Unhealthy, health.Entries["archiver"].Status);
        Assert.Contains($"stream {raw} ends at 0", health.Entries["archiver"].Description, StringComparison.Ordinal);
    }
}
