using System.Diagnostics;
using Ssmd.Archiver.Internal;
using Ssmd.Storage;
using Ssmd.Streams;

namespace Ssmd.Archiver.Tests.Infrastructure;

/// <summary>Reads an archive back through the library readers and checks that every frame of a feed is there exactly once, byte for byte.</summary>
internal static class ArchiveAssertions
{
    /// <param name="rawLost">Frames known lost (a damaged file): they must be absent, every other one there once.</param>
    /// <param name="tradesLost">The same for the normalized trades.</param>
    public static async Task AssertExactlyOnceAsync(IObjectStore store, TestWorld world, SyntheticFeed feed, IReadOnlyList<DateOnly> days, string scratch, CancellationToken cancellationToken,
        Func<int, bool>? rawLost = null, Func<int, bool>? tradesLost = null)
    {
        var reader = new ArchiveReader(store, world.Environment.Storage) { MaxOpenFiles = 64, TempFolder = scratch };
        var raw = new bool[feed.Frames];
        var normalized = new bool[feed.Frames];
        foreach (var day in days)
        {
            await foreach (var line in reader.ReadRawAsync(day, cancellationToken: cancellationToken))
            {
                var i = SyntheticFeed.IndexOfRaw(line.Data.Span);
                Assert.False(raw[i], $"raw frame {i} archived twice");
                raw[i] = true;
                Assert.Equal("trade", line.Type);
                Assert.Equal(feed.ReceiveNs(i) / 1_000_000, line.TsMs);
                Assert.True(line.Data.Span.SequenceEqual(feed.RawFrame(i)), $"raw frame {i} is not byte for byte the published frame");
            }

            var last = long.MinValue;
            await foreach (var e in reader.ReadNormalizedAsync(day, cancellationToken: cancellationToken))
            {
                var i = SyntheticFeed.IndexOfTrade(e.Message);
                Assert.False(normalized[i], $"trade {i} archived twice");
                normalized[i] = true;
                Assert.Equal(NormalizedKind.Trade, e.Kind);
                Assert.Equal(feed.TickerOf(i), e.Ticker);
                Assert.True(e.ReceiveTime >= last, "normalized events of all tickers are not in receive-time order");
                last = e.ReceiveTime;
            }
        }

        var rawFound = Enumerable.Range(0, feed.Frames).Where(i => raw[i] && rawLost?.Invoke(i) == true).ToList();
        var normalizedFound = Enumerable.Range(0, feed.Frames).Where(i => normalized[i] && tradesLost?.Invoke(i) == true).ToList();
        Assert.True(rawFound.Count == 0, $"{rawFound.Count} raw frames of a damaged file are still read, e.g. {string.Join(", ", rawFound.Take(10))}");
        Assert.True(normalizedFound.Count == 0, $"{normalizedFound.Count} trades of a damaged file are still read, e.g. {string.Join(", ", normalizedFound.Take(10))}");
        var rawMissing = Enumerable.Range(0, feed.Frames).Where(i => !raw[i] && rawLost?.Invoke(i) != true).ToList();
        var normalizedMissing = Enumerable.Range(0, feed.Frames).Where(i => !normalized[i] && tradesLost?.Invoke(i) != true).ToList();
        Assert.True(rawMissing.Count == 0, $"{rawMissing.Count} raw frames missing, e.g. {string.Join(", ", rawMissing.Take(10))}");
        Assert.True(normalizedMissing.Count == 0, $"{normalizedMissing.Count} trades missing, e.g. {string.Join(", ", normalizedMissing.Take(10))}");
    }

    public static async Task AssertVerifiedAsync(IObjectStore store, TestWorld world, IArchiveStreamProbe? probe, IReadOnlyList<DateOnly> days, CancellationToken cancellationToken)
    {
        var verifier = new ArchiveVerifier(store, world.Environment.Storage);
        foreach (var day in days)
        {
            foreach (var archive in new[] { ArchiveKind.Raw, ArchiveKind.Normalized })
            {
                var report = await verifier.VerifyAsync(archive, day, probe, cancellationToken);
                Assert.True(report.Passed, $"{archive} {day}: " + string.Join(Environment.NewLine, report.Discrepancies));
                Assert.True(report.FilesChecked > 0);
            }
        }
    }

    /// <summary>Runs a shell pipeline and returns its standard output (fails the test on a non-zero exit).</summary>
    public static async Task<string> ShellAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/bash", ["-o", "pipefail", "-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestWorld.RepositoryRoot,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, $"'{command}' exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    internal static NatsStreamProbe Probe(NATS.Client.Core.NatsConnection connection) => new(connection, new NATS.Client.JetStream.NatsJSContext(connection));
}
